package org.acoustid.server.index;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assigns fingerprint ids to shards on a hash ring with virtual nodes, so adding a shard moves only
 * about 1/n of the ids and the load stays even.
 */
final class ConsistentHashRing {
  static final int VIRTUAL_NODES = 128;

  private final TreeMap<Long, Integer> ring = new TreeMap<>();

  ConsistentHashRing(List<String> shardNames) {
    if (shardNames.isEmpty()) {
      throw new IllegalArgumentException("at least one shard is needed");
    }
    for (int s = 0; s < shardNames.size(); s++) {
      byte[] name = shardNames.get(s).getBytes(StandardCharsets.UTF_8);
      long h = 0;
      for (byte b : name) {
        h = h * 31 + b;
      }
      for (int v = 0; v < VIRTUAL_NODES; v++) {
        ring.put(mix(h * 1_000_003L + v), s);
      }
    }
  }

  /** The shard (index into the constructor's list) owning {@code id}. */
  int shardOf(int id) {
    Map.Entry<Long, Integer> e = ring.ceilingEntry(mix(Integer.toUnsignedLong(id)));
    return (e != null ? e : ring.firstEntry()).getValue();
  }

  /** SplitMix64's finaliser: spreads consecutive ids over the whole ring. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
