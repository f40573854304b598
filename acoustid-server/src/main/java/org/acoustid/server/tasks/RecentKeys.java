package org.acoustid.server.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The task keys offered recently, so a task asked for on every lookup is queued once per {@code
 * window} by this process: a bounded map (least recently added evicted first), thread-safe.
 */
final class RecentKeys {
  private final long windowNanos;
  private final LongSupplier clock;
  private final LinkedHashMap<String, Long> offered;

  /**
   * @param window how long a key stays recent
   * @param capacity keys remembered at most; beyond it the oldest is forgotten (and may be offered
   *     again within its window)
   * @param clock {@link System#nanoTime()}, or a test clock
   */
  RecentKeys(java.time.Duration window, int capacity, LongSupplier clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1 (got " + capacity + ")");
    }
    this.windowNanos = window.toNanos();
    this.clock = clock;
    this.offered =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > capacity;
          }
        };
  }

  /** True when {@code key} was not offered within the window; it counts as offered from now. */
  synchronized boolean firstInWindow(String key) {
    long now = clock.getAsLong();
    Long at = offered.get(key);
    if (at != null && now - at < windowNanos) {
      return false;
    }
    offered.remove(key); // re-inserted last, so eviction order stays the order of offers
    offered.put(key, now);
    return true;
  }

  /** Forgets {@code key}: an offer that could not be queued may be made again at once. */
  synchronized void forget(String key) {
    offered.remove(key);
  }
}
