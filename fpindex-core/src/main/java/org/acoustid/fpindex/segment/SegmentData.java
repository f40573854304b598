package org.acoustid.fpindex.segment;

import java.util.Map;

/**
 * The content of a segment before it is written: documents in ascending unsigned id order and
 * postings in ascending unsigned (hash, id) order. Arrays are owned by this object once passed.
 */
public record SegmentData(
    int[] ids,
    long[] versions,
    boolean[] tombstones,
    int[] postingHashes,
    int[] postingDocs,
    long minVersion,
    long maxVersion,
    Map<String, String> metadata) {

  public int docCount() {
    return ids.length;
  }

  public int postingCount() {
    return postingHashes.length;
  }
}
