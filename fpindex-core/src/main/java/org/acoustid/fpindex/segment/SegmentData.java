package org.acoustid.fpindex.segment;

import java.util.Map;

/**
 * The content of a segment before it is written: documents in ascending unsigned id order and
 * postings as {@code hash << 32 | ordinal} (the ordinal indexes {@code ids}) in ascending unsigned
 * order, that is (hash, id) order. Arrays are owned by this object once passed.
 */
public record SegmentData(
    int[] ids,
    long[] versions,
    boolean[] tombstones,
    long[] postings,
    long minVersion,
    long maxVersion,
    Map<String, String> metadata) {

  public int docCount() {
    return ids.length;
  }

  public int postingCount() {
    return postings.length;
  }

  /** Packs a posting of hash {@code hash} in the document at {@code ordinal}. */
  public static long posting(int hash, int ordinal) {
    return (Integer.toUnsignedLong(hash) << 32) | Integer.toUnsignedLong(ordinal);
  }
}
