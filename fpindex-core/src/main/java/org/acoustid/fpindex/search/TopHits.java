package org.acoustid.fpindex.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.acoustid.fpindex.SearchHit;

/**
 * Turns counted documents into the final hit list: drop those below the floor (and score 0), order
 * by score descending then id ascending (unsigned), accept the first, raise the floor to {@code
 * best * scorePct / 100}, and take further hits while they reach it, up to the limit.
 *
 * <p>Only the first {@code limit} documents of that order can be returned, so they are selected
 * with a bounded heap (O(n log limit), no array of all candidates): common hashes put tens of
 * thousands of documents in the counter while a lookup asks for ten.
 */
public final class TopHits {
  private TopHits() {}

  public static List<SearchHit> select(HitCounter counter, int floor, int scorePct, int limit) {
    int threshold = Math.max(1, floor);
    Heap heap = new Heap((int) Math.min(limit, Math.max(1, counter.size())));
    counter.forEach((id, count) -> {
      if (count >= threshold) {
        heap.offer(((long) (Integer.MAX_VALUE - count) << 32) | Integer.toUnsignedLong(id));
      }
    });
    if (heap.size == 0) {
      return List.of();
    }
    long[] keys = Arrays.copyOf(heap.keys, heap.size);
    Arrays.sort(keys);
    List<SearchHit> hits = new ArrayList<>(keys.length);
    int best = Integer.MAX_VALUE - (int) (keys[0] >>> 32);
    long cut = Math.max((long) threshold, (long) best * scorePct / 100);
    for (long key : keys) {
      int score = Integer.MAX_VALUE - (int) (key >>> 32);
      if (hits.isEmpty() == false && score < cut) {
        break;
      }
      hits.add(new SearchHit((int) key, score));
    }
    return List.copyOf(hits);
  }

  /**
   * The {@code capacity} smallest sort keys seen (descending score in the high half, ascending
   * unsigned id in the low half), as a max-heap: the root is the key to evict next.
   */
  static final class Heap {
    final long[] keys;
    int size;

    Heap(int capacity) {
      keys = new long[capacity];
    }

    void offer(long key) {
      if (size < keys.length) {
        int i = size++;
        while (i > 0) {
          int parent = (i - 1) >>> 1;
          if (keys[parent] >= key) {
            break;
          }
          keys[i] = keys[parent];
          i = parent;
        }
        keys[i] = key;
      } else if (key < keys[0]) {
        int i = 0;
        while (true) {
          int child = 2 * i + 1;
          if (child >= size) {
            break;
          }
          if (child + 1 < size && keys[child + 1] > keys[child]) {
            child++;
          }
          if (keys[child] <= key) {
            break;
          }
          keys[i] = keys[child];
          i = child;
        }
        keys[i] = key;
      }
    }
  }
}
