package org.acoustid.server.tasks;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Tasks queued inside this process, for deployments without Redis: a bounded FIFO (tasks beyond
 * {@code capacity} are dropped and counted) drained by this process's {@link TaskWorker}. Nothing
 * survives a restart; a dropped or lost {@code merge_missing_mbid} is asked for again by a later
 * lookup of the same MBID. Thread-safe.
 */
public final class LocalTaskQueue implements TaskQueue {
  /** Default bound on waiting tasks. */
  public static final int DEFAULT_CAPACITY = 1000;

  /** Task keys remembered for de-duplication. */
  static final int RECENT_KEYS = 10_000;

  private final ArrayBlockingQueue<Task> queue;
  private final RecentKeys recent;
  private final AtomicLong dropped = new AtomicLong();

  public LocalTaskQueue() {
    this(DEFAULT_CAPACITY, ONCE_PER, System::nanoTime);
  }

  LocalTaskQueue(int capacity, Duration oncePer, LongSupplier clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1 (got " + capacity + ")");
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.recent = new RecentKeys(oncePer, RECENT_KEYS, clock);
  }

  @Override
  public boolean offer(Task task) {
    if (!recent.firstInWindow(task.key())) {
      return false;
    }
    if (!queue.offer(task)) {
      recent.forget(task.key()); // full now; a later request may find room
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  @Override
  public Task take(Duration timeout) throws InterruptedException {
    return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Tasks waiting. */
  public int size() {
    return queue.size();
  }

  /** Tasks not queued because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    queue.clear();
  }
}
