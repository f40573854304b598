package org.acoustid.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The API-key cache: hits and misses both remembered until their time is up, and bounded. */
class KeyCacheTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final Map<String, Integer> loads = new HashMap<>();
  private final Map<String, String> table = new HashMap<>(Map.of("good", "app"));

  private KeyCache<String> cache(int maxEntries) {
    return new KeyCache<>(
        60,
        maxEntries,
        key -> {
          loads.merge(key, 1, Integer::sum);
          return Optional.ofNullable(table.get(key));
        },
        now::get);
  }

  @Test
  void hitsAndMissesAreRememberedUntilTheyExpire() throws Exception {
    KeyCache<String> cache = cache(100);
    for (int i = 0; i < 5; i++) {
      assertThat(cache.get("good")).hasValue("app");
      assertThat(cache.get("bad")).isEmpty();
    }
    assertThat(loads).containsEntry("good", 1).containsEntry("bad", 1);

    table.remove("good"); // disabled, and a key that appears: both unseen until expiry
    table.put("bad", "late");
    now.addAndGet(59);
    assertThat(cache.get("good")).hasValue("app");
    assertThat(cache.get("bad")).isEmpty();
    now.addAndGet(1);
    assertThat(cache.get("good")).isEmpty();
    assertThat(cache.get("bad")).hasValue("late");
    assertThat(loads).containsEntry("good", 2).containsEntry("bad", 2);
  }

  @Test
  void aFloodOfDistinctKeysStaysWithinTheBound() throws Exception {
    KeyCache<String> cache = cache(10);
    for (int i = 0; i < 1000; i++) {
      cache.get("key" + i);
      assertThat(cache.size()).isLessThanOrEqualTo(10);
    }
    now.addAndGet(100); // all expired: the next insert drops them instead of everything
    cache.get("fresh");
    assertThat(cache.size()).isEqualTo(1);
  }
}
