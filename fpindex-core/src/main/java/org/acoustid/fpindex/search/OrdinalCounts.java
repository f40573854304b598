package org.acoustid.fpindex.search;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.acoustid.fpindex.segment.PostingCursor;
import org.acoustid.fpindex.segment.Segment;
import org.acoustid.fpindex.segment.SegmentFormat;
import org.roaringbitmap.RoaringBitmap;

/**
 * Hit counts of one search in one segment, in an array indexed by document ordinal: a posting costs
 * one increment, and a hash's ordinals ascend, so the array is walked forward rather than probed.
 * The ordinals touched are listed so that reading and clearing cost what was counted, until more
 * than an eighth of the segment was touched; then the whole array is scanned instead.
 *
 * <p>Searches reuse pooled instances ({@link #acquire()}, {@link #release}): a pool rather than a
 * ThreadLocal, because searches often run on virtual threads (one per request) where a per-thread
 * cache would start cold every time. Each instance also carries the search's {@link PostingCursor}.
 * Not thread-safe.
 */
public final class OrdinalCounts {
  private static final ConcurrentLinkedDeque<OrdinalCounts> POOL = new ConcurrentLinkedDeque<>();

  /** Instances kept at most (one per concurrent search is enough; more is memory). */
  private static final int MAX_POOLED = 2 * Runtime.getRuntime().availableProcessors() + 2;

  private static final AtomicInteger pooled = new AtomicInteger();

  /** Arrays above this many documents are not kept between searches (64 MiB of counts). */
  private static final int MAX_RETAINED_DOCS = 1 << 24;

  private final PostingCursor cursor = new PostingCursor();
  private final WindowedCounts windows;
  private final int[] ordinals = new int[SegmentFormat.BLOCK_SIZE];
  private int[] counts = new int[0];
  private int[] touched = new int[0];
  private long[] kept = new long[0];
  private int touchedSize;
  private boolean overflow;
  private int docCount;

  OrdinalCounts() {
    this(WindowedCounts.DEFAULT_WINDOW_BITS);
  }

  /** An instance whose {@link #windows()} count {@code 2^windowBits} ordinals at a time (tests). */
  OrdinalCounts(int windowBits) {
    windows = new WindowedCounts(windowBits);
  }

  /** An instance from the pool when one is free; give it back with {@link #release}. */
  public static OrdinalCounts acquire() {
    OrdinalCounts counts = POOL.pollFirst();
    if (counts == null) {
      return new OrdinalCounts();
    }
    pooled.decrementAndGet();
    return counts;
  }

  /** Keeps {@code counts} for a later search (if the pool has room). */
  public static void release(OrdinalCounts counts) {
    counts.clear();
    counts.windows.trim();
    if (counts.counts.length > MAX_RETAINED_DOCS) {
      return;
    }
    if (pooled.incrementAndGet() <= MAX_POOLED) {
      POOL.offerFirst(counts); // most recently used first: its arrays are warm and right-sized
    } else {
      pooled.decrementAndGet();
    }
  }

  /** The list counting of capped searches (see {@link WindowedCounts}). */
  WindowedCounts windows() {
    return windows;
  }

  /** The cursor this search uses to read postings. */
  public PostingCursor cursor() {
    return cursor;
  }

  /** Starts counting a segment of {@code docs} documents (all counts are zero). */
  public void start(int docs) {
    if (counts.length < docs) {
      counts = new int[docs];
      touched = new int[Math.max(4 * SegmentFormat.BLOCK_SIZE, docs >>> 3)];
    }
    docCount = docs;
    touchedSize = 0;
    overflow = false;
  }

  /** Counts every posting of the hash {@code cursor} was positioned on. */
  public void countAll(PostingCursor cursor) {
    int[] buffer = ordinals;
    int[] c = counts;
    int n;
    while ((n = cursor.fill(buffer)) > 0) {
      if (overflow) {
        for (int i = 0; i < n; i++) {
          c[buffer[i]]++;
        }
        continue;
      }
      // branch-free: new documents are listed by advancing the end only when the count was 0
      int[] list = touched;
      int t = touchedSize;
      for (int i = 0; i < n; i++) {
        int o = buffer[i];
        int old = c[o];
        c[o] = old + 1;
        list[t] = o;
        t += (old - 1) >>> 31;
      }
      touchedSize = t;
      overflow = t > list.length - SegmentFormat.BLOCK_SIZE;
    }
  }

  /**
   * Counts the postings of the hash {@code cursor} was positioned on, for documents already counted
   * only (the others stay at 0).
   */
  public void countCounted(PostingCursor cursor) {
    int[] buffer = ordinals;
    int[] c = counts;
    int n;
    while ((n = cursor.fill(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        int o = buffer[i];
        c[o] += (-c[o]) >>> 31; // +1 when counted already (counts are never negative)
      }
    }
  }

  public int count(int ordinal) {
    return counts[ordinal];
  }

  /** Adds {@code n} to a document already counted (so already listed as touched). */
  public void add(int ordinal, int n) {
    counts[ordinal] += n;
  }

  /** Sets the count of a document already counted; 0 drops it. */
  public void set(int ordinal, int count) {
    counts[ordinal] = count;
  }

  /**
   * The documents counted at least {@code minCount} times and not in {@code mask} (by id), in
   * ascending ordinal order; every other count is dropped.
   */
  public int[] keep(int minCount, Segment segment, RoaringBitmap mask) {
    boolean masked = mask.isEmpty() == false;
    // marked in a bitset, read back in ordinal order: no sort of the touched list
    int words = (docCount + 63) >>> 6;
    if (kept.length < words) {
      kept = new long[words];
    }
    int n = 0;
    if (overflow) {
      CountScan.keep(counts, docCount, minCount, kept);
    } else {
      for (int i = 0; i < touchedSize; i++) {
        int o = touched[i];
        int c = counts[o];
        int keep = (minCount - 1 - c) >> 31; // all ones when c >= minCount (>= 1), branch-free
        counts[o] = c & keep;
        kept[o >>> 6] |= (long) (keep & 1) << o;
      }
    }
    for (int w = 0; w < words; w++) {
      n += Long.bitCount(kept[w]);
    }
    int[] out = new int[n];
    int k = 0;
    for (int w = 0; w < words && k < n; w++) {
      long bits = kept[w];
      kept[w] = 0;
      while (bits != 0) {
        int o = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        if (masked && mask.contains(segment.id(o))) {
          counts[o] = 0; // superseded by a newer segment
        } else {
          out[k++] = o;
        }
      }
    }
    return k == n ? out : Arrays.copyOf(out, k);
  }

  /**
   * The (up to) {@code k} documents with the highest counts that are not in {@code mask} (by id),
   * ties by lower ordinal, in ascending ordinal order.
   */
  public int[] best(int k, Segment segment, RoaringBitmap mask) {
    boolean masked = mask.isEmpty() == false;
    // min-heap on (count, -ordinal): the root is the weakest of the best so far
    long[] heap = new long[k];
    int size = 0;
    int limit = overflow ? docCount : touchedSize;
    for (int i = 0; i < limit; i++) {
      int o = overflow ? i : touched[i];
      int c = counts[o];
      if (c == 0) {
        continue;
      }
      long key = ((long) c << 32) | (Integer.MAX_VALUE - o);
      if (size == k && key <= heap[0]) {
        continue;
      }
      if (masked && mask.contains(segment.id(o))) {
        continue;
      }
      if (size < k) {
        heap[size] = key;
        siftUp(heap, size++);
      } else {
        heap[0] = key;
        siftDown(heap, size);
      }
    }
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = Integer.MAX_VALUE - (int) heap[i];
    }
    Arrays.sort(out);
    return out;
  }

  private static void siftUp(long[] heap, int i) {
    long key = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= key) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = key;
  }

  private static void siftDown(long[] heap, int size) {
    long key = heap[0];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (heap[child] >= key) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = key;
  }

  /** Receives counted documents. */
  public interface Visitor {
    void visit(int ordinal, int count);
  }

  /** Calls {@code visitor} for each ordinal counted at least {@code threshold}, then clears. */
  public void drain(int threshold, Visitor visitor) {
    if (overflow) {
      for (int o = 0; o < docCount; o++) {
        int c = counts[o];
        if (c >= threshold) {
          visitor.visit(o, c);
        }
      }
      Arrays.fill(counts, 0, docCount, 0);
    } else {
      for (int i = 0; i < touchedSize; i++) {
        int o = touched[i];
        int c = counts[o];
        counts[o] = 0;
        if (c >= threshold) {
          visitor.visit(o, c);
        }
      }
    }
    touchedSize = 0;
    overflow = false;
  }

  private void clear() {
    drain(Integer.MAX_VALUE, (o, c) -> {});
  }
}
