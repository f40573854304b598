package org.acoustid.fpindex.segment;

/**
 * Reads the postings of one hash at a time from a {@link Segment}: {@link #seek} then {@link #next}
 * until it returns -1. Ordinals come in ascending order (the order of ids). Reusable across hashes
 * and segments ({@link #reset}); not thread-safe.
 */
public final class PostingCursor {
  private final long[] keys = new long[SegmentFormat.BLOCK_SIZE];
  private Segment segment;
  private int block;
  private int length;
  private int position;
  private long lo;
  private long hi;

  /** Reads {@code newSegment} from now on. */
  public PostingCursor reset(Segment newSegment) {
    segment = newSegment;
    length = 0;
    position = 0;
    block = newSegment.blockCount();
    return this;
  }

  /** Positions the cursor before the first posting of {@code hash}. */
  public void seek(int hash) {
    seek(hash, segment.blockCount() == 0 ? 0 : segment.startBlock(hash));
  }

  /** {@link #seek(int)} when the hash's {@link Segment#startBlock} is known. */
  public void seek(int hash, int startBlock) {
    int docs = segment.docCount();
    lo = Integer.toUnsignedLong(hash) * docs;
    hi = lo + docs;
    position = 0;
    length = 0;
    if (segment.blockCount() == 0) {
      block = 0;
      return;
    }
    block = startBlock;
    // a block decoded only up to a key past the hash still ends the list correctly: every reader
    // stops at the first key >= hi
    length = segment.decodeBlockUntil(block, keys, hi);
    // skip the keys of smaller hashes at the start of the block
    while (position < length && keys[position] < lo) {
      position++;
    }
  }

  /**
   * Reads the next ordinals of the hash into {@code out} (at most {@link SegmentFormat#BLOCK_SIZE},
   * so {@code out} must hold that many); returns how many, 0 at the end. Faster than {@link #next}
   * for long lists: one tight loop per block.
   */
  public int fill(int[] out) {
    return fill(out, 0);
  }

  /** {@link #fill(int[])} writing at {@code out[at]}, so {@code out} needs room past it. */
  public int fill(int[] out, int at) {
    if (position == length) {
      int next = block + 1;
      if (next >= segment.blockCount() || segment.firstKey(next) >= hi) {
        return 0;
      }
      block = next;
      if (next + 1 < segment.blockCount() && segment.firstKey(next + 1) < hi) {
        // the whole block lies inside the list (the next one still starts in it): decode it
        // straight into ordinals; keys stays empty, so every reader moves on to the next block
        length = 0;
        position = 0;
        return segment.decodeOrdinals(next, lo, out, at);
      }
      length = segment.decodeBlock(block, keys);
      position = 0;
    }
    long[] k = keys;
    long base = lo;
    long end = hi;
    int n = at;
    int i = position;
    for (; i < length; i++) {
      long key = k[i];
      if (key >= end) {
        block = Integer.MAX_VALUE - 1; // exhausted until the next seek
        break;
      }
      out[n++] = (int) (key - base);
    }
    position = length;
    return n - at;
  }

  /**
   * Moves forward to document {@code ordinal} and returns how many postings of the hash it has (0
   * when none). Calls after a {@link #seek} must ask for ascending ordinals; whole blocks below the
   * target are skipped through the block index without decoding.
   */
  public int advance(int ordinal) {
    long target = lo + ordinal;
    while (position == length || keys[length - 1] < target) {
      int next = block + 1;
      if (next >= segment.blockCount() || segment.firstKey(next) >= hi) {
        position = length;
        block = Integer.MAX_VALUE - 1; // exhausted until the next seek
        return 0;
      }
      block = segment.lastBlockBelow(target, next);
      length = segment.decodeBlock(block, keys);
      position = 0;
    }
    while (keys[position] < target) {
      position++;
    }
    int found = 0;
    while (true) {
      while (position < length && keys[position] == target) {
        found++;
        position++;
      }
      // a run of repeats may continue in the next block
      if (position < length
          || block + 1 >= segment.blockCount()
          || segment.firstKey(block + 1) != target) {
        return found;
      }
      block++;
      length = segment.decodeBlock(block, keys);
      position = 0;
    }
  }

  /** The ordinal of the next document holding the hash (again for repeats), or -1 at the end. */
  public int next() {
    if (position == length) {
      if (block + 1 >= segment.blockCount() || segment.firstKey(block + 1) >= hi) {
        return -1;
      }
      block++;
      length = segment.decodeBlock(block, keys);
      position = 0;
    }
    long key = keys[position];
    if (key >= hi) {
      position = length;
      block = Integer.MAX_VALUE - 1; // exhausted until the next seek
      return -1;
    }
    position++;
    return (int) (key - lo);
  }
}
