package org.acoustid.server.db;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Answers by key, remembered for a fixed time, misses included (specification §12.4): a flood of
 * requests with a wrong key costs one query a minute, not one per request. Bounded: when full,
 * expired answers go first, then everything (the next requests reload what they need).
 *
 * @param <V> what a key resolves to
 */
final class KeyCache<V> {
  /** Reads the answer for a key that is not cached. */
  interface Loader<V> {
    Optional<V> load(String key) throws SQLException;
  }

  private record Entry<V>(Optional<V> value, long expires) {}

  private final long ttlNanos;
  private final int maxEntries;
  private final Loader<V> loader;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();

  KeyCache(long ttlNanos, int maxEntries, Loader<V> loader) {
    this(ttlNanos, maxEntries, loader, System::nanoTime);
  }

  /** With {@code clock} in nanoseconds (tests move time on). */
  KeyCache(long ttlNanos, int maxEntries, Loader<V> loader, LongSupplier clock) {
    this.ttlNanos = ttlNanos;
    this.maxEntries = maxEntries;
    this.loader = loader;
    this.clock = clock;
  }

  Optional<V> get(String key) throws SQLException {
    long now = clock.getAsLong();
    Entry<V> cached = entries.get(key);
    if (cached != null && now - cached.expires() < 0) {
      return cached.value();
    }
    Optional<V> loaded = loader.load(key);
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> now - e.expires() >= 0);
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    entries.put(key, new Entry<>(loaded, now + ttlNanos));
    return loaded;
  }

  int size() {
    return entries.size();
  }
}
