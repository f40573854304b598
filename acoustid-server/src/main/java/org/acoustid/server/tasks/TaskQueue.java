package org.acoustid.server.tasks;

import java.time.Duration;

/**
 * Where background tasks wait for a worker (specification §13.2): the Redis lists {@code
 * tasks:<00..ff>} shared by every process ({@link RedisTaskQueue}), or a bounded queue inside one
 * process ({@link LocalTaskQueue}). Both de-duplicate: a task whose {@link Task#key()} was offered
 * within the last hour is not queued again. Implementations are thread-safe.
 */
public interface TaskQueue extends AutoCloseable {
  /** How long a task key is not queued again after an offer. */
  Duration ONCE_PER = Duration.ofHours(1);

  /**
   * Queues {@code task} unless the same task was offered within {@link #ONCE_PER} or the queue is
   * full. Never blocks on I/O and never throws: callers are requests that must not slow down or
   * fail because of a background task. Returns false when the task was not queued.
   */
  boolean offer(Task task);

  /**
   * The next task, waiting up to {@code timeout} for one; null when none arrived (or the queue
   * could not be reached, which the implementation logs).
   */
  Task take(Duration timeout) throws InterruptedException;

  @Override
  void close();
}
