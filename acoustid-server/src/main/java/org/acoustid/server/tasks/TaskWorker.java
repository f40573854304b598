package org.acoustid.server.tasks;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.acoustid.server.util.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs background tasks from a {@link TaskQueue} (specification §13.2) on one platform daemon
 * thread: takes a task (waiting up to {@link #TAKE_TIMEOUT}), runs it, logs and drops a failure (no
 * retry: the lookup that asked for it asks again later). Of the upstream tasks only {@code
 * merge_missing_mbid} runs here; the others are the cron's jobs in this implementation, so a
 * message naming one of them, or an unknown name, is logged and dropped.
 */
public final class TaskWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
  static final Duration TAKE_TIMEOUT = Duration.ofSeconds(2);

  private final TaskQueue queue;
  private final MergeMissingMbid mergeMissingMbid;
  private final BackgroundLoop loop;
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public TaskWorker(TaskQueue queue, MergeMissingMbid mergeMissingMbid) {
    this.queue = queue;
    this.mergeMissingMbid = mergeMissingMbid;
    this.loop = new BackgroundLoop("task-worker", this::step, TAKE_TIMEOUT.toMillis());
  }

  public TaskWorker start() {
    loop.start();
    return this;
  }

  private long step() throws InterruptedException {
    Task task = queue.take(TAKE_TIMEOUT);
    if (task != null) {
      run(task);
    }
    return 0; // take() waits by itself
  }

  /** Runs {@code task} now; failures are logged and counted, never thrown. */
  public void run(Task task) {
    try {
      switch (task.name()) {
        case Task.MERGE_MISSING_MBID -> {
          UUID mbid = UUID.fromString(task.kwargs().get("mbid"));
          MergeMissingMbid.Outcome outcome = mergeMissingMbid.run(mbid);
          if (outcome == MergeMissingMbid.Outcome.MERGED
              || outcome == MergeMissingMbid.Outcome.DISABLED) {
            log.info("merge_missing_mbid {}: {}", mbid, outcome);
          } else {
            log.debug("merge_missing_mbid {}: {}", mbid, outcome);
          }
        }
        default -> {
          log.warn("dropped task {}: not run by this worker", task.toJson());
          failed.incrementAndGet();
          return;
        }
      }
      finished.incrementAndGet();
    } catch (Exception e) {
      failed.incrementAndGet();
      log.warn("task {} failed (dropped): {}", task.toJson(), e.toString());
    }
  }

  /** Tasks run to the end. */
  public long finished() {
    return finished.get();
  }

  /** Tasks that failed or could not be run. */
  public long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    loop.close(TAKE_TIMEOUT.toMillis() + 5000);
  }
}
