package org.acoustid.fpindex.search;

import org.acoustid.fpindex.segment.VectorSupport;

/**
 * Whole-array passes over per-document counts, used when a search touched too many documents to
 * list them: keep the counts that reach a minimum (zeroing the others) and mark them in a bitset.
 * Uses the Vector API when {@link VectorSupport#ENABLED}; otherwise the scalar loop. Both give the
 * same result.
 */
final class CountScan {
  private CountScan() {}

  /**
   * Zeroes {@code counts[0..length)} below {@code minCount} (at least 1) and sets the bits of the
   * others in {@code kept} (bit {@code o} of word {@code o / 64}).
   */
  static void keep(int[] counts, int length, int minCount, long[] kept) {
    if (VectorSupport.ENABLED) {
      VectorCountScan.keep(counts, length, minCount, kept);
    } else {
      keepScalar(counts, 0, length, minCount, kept);
    }
  }

  static void keepScalar(int[] counts, int from, int to, int minCount, long[] kept) {
    for (int o = from; o < to; o++) {
      int c = counts[o];
      int keep = (minCount - 1 - c) >> 31; // all ones when c >= minCount, branch-free
      counts[o] = c & keep;
      kept[o >>> 6] |= (long) (keep & 1) << o;
    }
  }
}
