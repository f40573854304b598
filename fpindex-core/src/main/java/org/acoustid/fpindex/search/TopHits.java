package org.acoustid.fpindex.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.acoustid.fpindex.SearchHit;

/**
 * Collects counted documents into the final hit list: drop those below the floor (and score 0),
 * order by score descending then id ascending (unsigned), accept the first, raise the floor to
 * {@code best * scorePct / 100}, and take further hits while they reach it, up to the limit.
 *
 * <p>Only the first {@code limit} documents of that order can be returned, so they are kept in a
 * bounded heap (O(n log limit), no array of all candidates): common hashes count tens of thousands
 * of documents while a lookup asks for ten. Each document is offered once (its score comes from the
 * one segment that holds its current version), so the segments can be offered in any order.
 */
public final class TopHits {
  private final int limit;
  private final int threshold;
  private long[] keys;
  private int size;
  private int best;

  public TopHits(int limit, int floor) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got limit=" + limit);
    }
    this.limit = limit;
    this.threshold = Math.max(1, floor);
    this.keys = new long[Math.min(limit, 64)];
  }

  /** The lowest score that can be kept. */
  public int threshold() {
    return threshold;
  }

  public int limit() {
    return limit;
  }

  /**
   * The lowest score a document offered from now on may have and still be a hit: the floor, the
   * relative cut of the best score so far, and, once {@code limit} documents are kept, the score of
   * the weakest (an equal score may still win on a lower id).
   */
  public int pruneBound(int scorePct) {
    int bound = Math.max(threshold, (int) ((long) best * scorePct / 100));
    if (size == limit) {
      bound = Math.max(bound, Integer.MAX_VALUE - (int) (keys[0] >>> 32));
    }
    return bound;
  }

  /** Offers document {@code id} with {@code score}; each document at most once. */
  public void offer(int id, int score) {
    if (score < threshold) {
      return;
    }
    best = Math.max(best, score);
    long key = ((long) (Integer.MAX_VALUE - score) << 32) | Integer.toUnsignedLong(id);
    if (size < limit) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, (int) Math.min(limit, 2L * keys.length));
      }
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

  /** The hits, best first, after the relative cut of {@code scorePct}. */
  public List<SearchHit> finish(int scorePct) {
    if (size == 0) {
      return List.of();
    }
    long[] sorted = Arrays.copyOf(keys, size);
    Arrays.sort(sorted);
    List<SearchHit> hits = new ArrayList<>(sorted.length);
    int best = Integer.MAX_VALUE - (int) (sorted[0] >>> 32);
    long cut = Math.max((long) threshold, (long) best * scorePct / 100);
    for (long key : sorted) {
      int score = Integer.MAX_VALUE - (int) (key >>> 32);
      if (hits.isEmpty() == false && score < cut) {
        break;
      }
      hits.add(new SearchHit((int) key, score));
    }
    return List.copyOf(hits);
  }
}
