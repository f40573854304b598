package org.acoustid.fpindex.search;

import java.util.Arrays;

/**
 * Counts a list of document ordinals by first partitioning them into windows of ordinals small
 * enough for the core's cache, then counting one window at a time.
 *
 * <p>The capped search reads a few tens of thousands of postings per query spread over the whole
 * segment; incrementing them in place in an array of all documents (40 MB at 10M documents) costs a
 * cache miss per posting. Here the ordinals are appended to a list (sequential writes), partitioned
 * by their high bits in one radix pass, and each window is counted in an array of {@code 2^bits}
 * counters that stays in the cache. The result is the same multiset of (ordinal, count); ordinals
 * come out in ascending window order. Not thread-safe; reused by one search at a time.
 */
final class WindowedCounts {
  /** Ordinals per window by default: 32 768 four-byte counters, 128 KiB, fit a core's L2. */
  static final int DEFAULT_WINDOW_BITS = 15;

  private final int windowBits;
  private final int[] window;
  private int[] collected = new int[1024];
  private int[] partitioned = new int[0];
  private int[] starts = new int[2];
  private int size;
  private int docCount;

  WindowedCounts(int windowBits) {
    if (windowBits < 1 || windowBits > 24) {
      throw new IllegalArgumentException("windowBits must be in [1, 24], got " + windowBits);
    }
    this.windowBits = windowBits;
    this.window = new int[1 << windowBits];
  }

  /** Lists longer than this are not kept between searches (4 MiB each for list and partition). */
  private static final int MAX_RETAINED = 1 << 20;

  /** Drops lists grown by an unusually long query, so a pooled instance stays small. */
  void trim() {
    size = 0;
    if (collected.length > MAX_RETAINED) {
      collected = new int[1024];
      partitioned = new int[0];
    }
  }

  /** Starts a segment of {@code docs} documents with an empty list. */
  void start(int docs) {
    docCount = docs;
    size = 0;
  }

  /**
   * The list's array with room for {@code n} more ordinals at {@link #size()}; write them there and
   * then call {@link #added}.
   */
  int[] reserve(int n) {
    if (size + n > collected.length) {
      collected = Arrays.copyOf(collected, Math.max(size + n, 2 * collected.length));
    }
    return collected;
  }

  /** Ordinals in the list. */
  int size() {
    return size;
  }

  /** Records that {@code n} ordinals were written after {@link #reserve}. */
  void added(int n) {
    size += n;
  }

  void add(int ordinal) {
    reserve(1)[size++] = ordinal;
  }

  /**
   * Calls {@code visitor} once for every distinct ordinal of the list whose number of occurrences
   * reaches {@code threshold} (at least 1), then empties the list.
   */
  void drain(int threshold, OrdinalCounts.Visitor visitor) {
    int min = Math.max(1, threshold);
    int windows = docCount == 0 ? 1 : ((docCount - 1) >>> windowBits) + 1;
    if (windows == 1 || size <= 1) {
      countWindow(collected, 0, size, min, visitor);
      size = 0;
      return;
    }
    // one radix pass on the window number: a histogram, its prefix sums, a stable scatter
    if (starts.length < windows + 1) {
      starts = new int[windows + 1];
    }
    int[] from = starts;
    Arrays.fill(from, 0, windows + 1, 0);
    int[] list = collected;
    int shift = windowBits;
    for (int i = 0; i < size; i++) {
      from[(list[i] >>> shift) + 1]++;
    }
    for (int w = 0; w < windows; w++) {
      from[w + 1] += from[w];
    }
    if (partitioned.length < size) {
      partitioned = new int[collected.length];
    }
    int[] out = partitioned;
    for (int i = 0; i < size; i++) {
      int o = list[i];
      out[from[o >>> shift]++] = o;
    }
    // from[w] is now the end of window w, the start of window w + 1
    int begin = 0;
    for (int w = 0; w < windows; w++) {
      int end = from[w];
      if (end > begin) {
        countWindow(out, begin, end, min, visitor);
      }
      begin = end;
    }
    size = 0;
  }

  /**
   * Counts {@code ordinals[from, to)}, all in one window, and reports those reaching {@code min}.
   */
  private void countWindow(
      int[] ordinals, int from, int to, int min, OrdinalCounts.Visitor visitor) {
    int[] c = window;
    int mask = c.length - 1;
    for (int i = from; i < to; i++) {
      c[ordinals[i] & mask]++;
    }
    // the second pass reports each ordinal at its first occurrence and clears its counter
    for (int i = from; i < to; i++) {
      int o = ordinals[i];
      int n = c[o & mask];
      if (n != 0) {
        c[o & mask] = 0;
        if (n >= min) {
          visitor.visit(o, n);
        }
      }
    }
  }
}
