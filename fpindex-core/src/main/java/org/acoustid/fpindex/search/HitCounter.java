package org.acoustid.fpindex.search;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-document hit counts of one search: an open-addressing table of (id, count) with linear
 * probing. Id 0 never occurs (it is invalid) and marks empty slots.
 *
 * <p>Searches reuse pooled counters ({@link #acquire()}, {@link #release}): frequent hashes can put
 * hundreds of thousands of documents in it, and allocating and growing such tables per search costs
 * more than the counting. {@link #reset()} clears only the slots that were used. Not thread-safe.
 */
public final class HitCounter {
  /**
   * Counters kept between searches. A pool rather than a ThreadLocal: searches often run on virtual
   * threads (one per request), where a per-thread cache would start from an empty, tiny table and
   * regrow it on every search.
   */
  private static final ConcurrentLinkedDeque<HitCounter> POOL = new ConcurrentLinkedDeque<>();

  /** Counters kept at most (one per concurrent search is enough; more is memory). */
  private static final int MAX_POOLED = 2 * Runtime.getRuntime().availableProcessors() + 2;

  private static final AtomicInteger pooled = new AtomicInteger();

  /** Tables above this many slots are not kept between searches. */
  private static final int MAX_RETAINED_SLOTS = 1 << 22;

  private int[] ids;
  private int[] counts;
  private int[] used;
  private int size;
  private int mask;

  public HitCounter(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    allocate(capacity);
  }

  /** An empty counter, from the pool when one is free; give it back with {@link #release}. */
  public static HitCounter acquire() {
    HitCounter counter = POOL.pollFirst();
    if (counter == null) {
      return new HitCounter(1024);
    }
    pooled.decrementAndGet();
    return counter;
  }

  /** Empties {@code counter} and keeps it for a later search (if the pool has room). */
  public static void release(HitCounter counter) {
    counter.reset();
    if (pooled.incrementAndGet() <= MAX_POOLED) {
      POOL.offerFirst(counter); // most recently used first: its tables are warm and right-sized
    } else {
      pooled.decrementAndGet();
    }
  }

  private void allocate(int capacity) {
    ids = new int[capacity];
    counts = new int[capacity];
    used = new int[capacity / 2 + 1];
    mask = capacity - 1;
    size = 0;
  }

  /** Empties the counter, releasing oversized tables. */
  public void reset() {
    if (ids.length > MAX_RETAINED_SLOTS) {
      allocate(1024);
      return;
    }
    for (int i = 0; i < size; i++) {
      ids[used[i]] = 0;
    }
    size = 0;
  }

  public void add(int id) {
    int slot = mix(id) & mask;
    while (true) {
      int current = ids[slot];
      if (current == id) {
        counts[slot]++;
        return;
      }
      if (current == 0) {
        ids[slot] = id;
        counts[slot] = 1;
        used[size++] = slot;
        if (size * 2 > ids.length) {
          grow();
        }
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  public int size() {
    return size;
  }

  /** Calls {@code visitor} for each (id, count). */
  public void forEach(Visitor visitor) {
    for (int i = 0; i < size; i++) {
      int slot = used[i];
      visitor.visit(ids[slot], counts[slot]);
    }
  }

  /** Receives counted documents. */
  public interface Visitor {
    void visit(int id, int count);
  }

  private void grow() {
    int[] oldIds = ids;
    int[] oldCounts = counts;
    int[] oldUsed = used;
    int oldSize = size;
    allocate(oldIds.length * 2);
    for (int i = 0; i < oldSize; i++) {
      int id = oldIds[oldUsed[i]];
      int slot = mix(id) & mask;
      while (ids[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      ids[slot] = id;
      counts[slot] = oldCounts[oldUsed[i]];
      used[size++] = slot;
    }
  }

  private static int mix(int id) {
    int h = id * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
