package org.acoustid.fpindex.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.acoustid.fpindex.SearchHit;

/**
 * Turns counted documents into the final hit list: drop those below the floor (and score 0), order
 * by score descending then id ascending (unsigned), accept the first, raise the floor to {@code
 * best * scorePct / 100}, and take further hits while they reach it, up to the limit.
 */
public final class TopHits {
  private TopHits() {}

  public static List<SearchHit> select(HitCounter counter, int floor, int scorePct, int limit) {
    int threshold = Math.max(1, floor);
    Candidates candidates = new Candidates();
    counter.forEach((id, count) -> {
      if (count >= threshold) {
        candidates.add(count, id);
      }
    });
    if (candidates.size == 0) {
      return List.of();
    }
    long[] keys = Arrays.copyOf(candidates.keys, candidates.size);
    Arrays.sort(keys);
    List<SearchHit> hits = new ArrayList<>(Math.min(limit, keys.length));
    int best = Integer.MAX_VALUE - (int) (keys[0] >>> 32);
    long cut = Math.max((long) threshold, (long) best * scorePct / 100);
    for (long key : keys) {
      int score = Integer.MAX_VALUE - (int) (key >>> 32);
      if (hits.isEmpty() == false && score < cut) {
        break;
      }
      hits.add(new SearchHit((int) key, score));
      if (hits.size() == limit) {
        break;
      }
    }
    return List.copyOf(hits);
  }

  /**
   * Growable sort keys: descending score in the high half, ascending unsigned id in the low half.
   */
  private static final class Candidates {
    long[] keys = new long[64];
    int size;

    void add(int count, int id) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
      }
      keys[size++] = ((long) (Integer.MAX_VALUE - count) << 32) | Integer.toUnsignedLong(id);
    }
  }
}
