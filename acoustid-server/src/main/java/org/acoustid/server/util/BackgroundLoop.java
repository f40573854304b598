package org.acoustid.server.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A step repeated on a platform daemon thread until closed: after each step the loop sleeps for the
 * delay the step returned, or until {@link #wake()} says there is new work. A failing step is
 * logged and retried after {@code retryMs}.
 */
public final class BackgroundLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

  /** One round of work; returns how long to wait before the next (0: go on at once). */
  @FunctionalInterface
  public interface Step {
    long run() throws Exception;
  }

  private final String name;
  private final Step step;
  private final long retryMs;
  private final Wakeup wakeup = new Wakeup();
  private volatile boolean closed;
  private Thread thread;

  public BackgroundLoop(String name, Step step, long retryMs) {
    this.name = name;
    this.step = step;
    this.retryMs = retryMs;
  }

  public BackgroundLoop start() {
    thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    return this;
  }

  /** New work arrived: run the next step now. */
  public void wake() {
    wakeup.signal();
  }

  private void loop() {
    while (!closed) {
      long delay;
      try {
        delay = step.run();
      } catch (Exception e) {
        if (closed) {
          return;
        }
        log.warn("{} failed, retrying in {} ms", name, retryMs, e);
        delay = retryMs;
      }
      if (delay > 0) {
        try {
          wakeup.await(delay);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Stops the loop, waiting up to {@code joinMs} for a running step to finish. */
  public void close(long joinMs) {
    closed = true;
    wake();
    if (thread != null) {
      try {
        thread.join(joinMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    close(10_000);
  }
}
