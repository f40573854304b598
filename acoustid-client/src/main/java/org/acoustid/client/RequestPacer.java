package org.acoustid.client;

import java.util.function.LongSupplier;

/**
 * The client-side rate limit: request starts are spaced at least {@code 1 / requestsPerSecond}
 * apart, across all threads of one client. Each caller reserves the next free slot under a lock and
 * then sleeps until it outside the lock, so waiting callers do not serialise their requests, only
 * their start times.
 *
 * <p>Thread-safe.
 */
final class RequestPacer {
  /** Sleeps for the given nanoseconds; replaceable so tests run without real time. */
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private long nextFreeNanos;
  private boolean first = true;

  RequestPacer(double requestsPerSecond, LongSupplier clock, Sleeper sleeper) {
    this.intervalNanos = requestsPerSecond == 0 ? 0 : (long) Math.ceil(1e9 / requestsPerSecond);
    this.clock = clock;
    this.sleeper = sleeper;
  }

  static RequestPacer systemClock(double requestsPerSecond) {
    return new RequestPacer(
        requestsPerSecond,
        System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  /** Blocks until this caller may start a request; returns the reserved start time. */
  long acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return clock.getAsLong();
    }
    long slot;
    synchronized (this) {
      long now = clock.getAsLong();
      slot = first || now - nextFreeNanos > 0 ? now : nextFreeNanos;
      first = false;
      nextFreeNanos = slot + intervalNanos;
    }
    long wait = slot - clock.getAsLong();
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
    return slot;
  }
}
