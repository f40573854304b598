package org.acoustid.fpindex.segment;

/**
 * Reads a segment's postings in order, renumbering documents for a merge: each posting comes out as
 * {@code hash << 32 | newOrdinal}, and postings of documents mapped to -1 (superseded or dropped)
 * are skipped. Since new ordinals keep the order of ids, the output stays sorted, so streams of
 * several segments can be merged without sorting. Not thread-safe.
 */
final class PostingStream {
  private final Segment segment;
  private final int[] newOrdinals;
  private final long docs;
  private final long[] keys = new long[SegmentFormat.BLOCK_SIZE];
  private int block = -1;
  private int length;
  private int position;
  private long hash;
  private long lo;
  private long hi;
  private long current;

  PostingStream(Segment segment, int[] newOrdinals) {
    this.segment = segment;
    this.newOrdinals = newOrdinals;
    this.docs = segment.docCount();
  }

  /** The posting read by the last successful {@link #advance}. */
  long current() {
    return current;
  }

  /** Moves to the next kept posting; false at the end. */
  boolean advance() {
    while (true) {
      if (position == length) {
        if (++block >= segment.blockCount()) {
          return false;
        }
        length = segment.decodeBlock(block, keys);
        position = 0;
      }
      long key = keys[position++];
      if (key >= hi) {
        hash = key / docs;
        lo = hash * docs;
        hi = lo + docs;
      }
      int target = newOrdinals[(int) (key - lo)];
      if (target >= 0) {
        current = (hash << 32) | target;
        return true;
      }
    }
  }
}
