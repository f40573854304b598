package org.acoustid.fpindex.segment;

import static org.acoustid.fpindex.segment.SegmentFormat.BYTE;
import static org.acoustid.fpindex.segment.SegmentFormat.LONG;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Encoding and decoding of one posting block of the {@link SegmentFormat}: a width byte, then the
 * gaps between consecutive keys bit-packed at that width, least significant bit first. Stateless.
 */
public final class PostingBlocks {
  private PostingBlocks() {}

  /**
   * The key of posting {@code packed} ({@code hash << 32 | ordinal}) in a segment of {@code docs}.
   */
  static long key(long packed, int docs) {
    return (packed >>> 32) * docs + (packed & 0xFFFF_FFFFL);
  }

  /** Bits needed for {@code value} (0 for 0). */
  static int width(long value) {
    return 64 - Long.numberOfLeadingZeros(value);
  }

  /** The width of the block of postings {@code [from, from + n)}. */
  static int blockWidth(long[] postings, int from, int n, int docs) {
    long max = 0;
    long previous = key(postings[from], docs);
    for (int i = from + 1; i < from + n; i++) {
      long k = key(postings[i], docs);
      max = Math.max(max, k - previous);
      previous = k;
    }
    return width(max);
  }

  /** Encoded bytes of a block of {@code n} postings at {@code width}. */
  static long blockBytes(int n, int width) {
    return 1 + (((long) (n - 1) * width + 7) >>> 3);
  }

  /**
   * Writes the block of postings {@code [from, from + n)} at {@code offset}; returns the bytes
   * written ({@link #blockBytes}).
   */
  static long writeBlock(
      MemorySegment out, long offset, long[] postings, int from, int n, int docs, int width) {
    out.set(BYTE, offset, (byte) width);
    long pos = offset + 1;
    long acc = 0;
    int bits = 0;
    long previous = key(postings[from], docs);
    for (int i = from + 1; i < from + n; i++) {
      long k = key(postings[i], docs);
      long gap = k - previous;
      previous = k;
      acc |= gap << bits;
      if (bits + width >= 64) {
        out.set(LONG, pos, acc);
        pos += 8;
        acc = bits == 0 ? 0 : gap >>> (64 - bits);
        bits = bits + width - 64;
      } else {
        bits += width;
      }
    }
    for (; bits > 0; bits -= 8) {
      out.set(BYTE, pos++, (byte) acc);
      acc >>>= 8;
    }
    return pos - offset;
  }

  /**
   * Decodes the keys of the block at {@code offset} into {@code out} at least up to the first one
   * that reaches {@code stopKey} (included), or all {@code n}; returns how many were decoded (the
   * last is {@code >= stopKey} unless all were). A search for one hash needs no key past its range,
   * and most hashes have one posting or none.
   */
  public static int decodeUntil(
      MemorySegment memory, long offset, long firstKey, int n, long[] out, long stopKey) {
    out[0] = firstKey;
    int width = memory.get(BYTE, offset) & 0xFF;
    if (firstKey >= stopKey || width == 0 || width > 56) {
      if (firstKey >= stopKey) {
        return 1;
      }
      decode(memory, offset, firstKey, n, out);
      return n;
    }
    long base = offset + 1;
    long mask = (1L << width) - 1;
    long key = firstKey;
    long bit = 0;
    for (int i = 1; i < n; i++, bit += width) {
      key += (memory.get(LONG, base + (bit >>> 3)) >>> (bit & 7)) & mask;
      out[i] = key;
      if (key >= stopKey) {
        return i + 1;
      }
    }
    return n;
  }

  /**
   * Decodes the block at {@code offset} holding {@code n} keys from {@code firstKey}, all of one
   * hash whose first key is {@code base}, as ordinals ({@code key - base}) into {@code out[at..at +
   * n)}: a whole block of a long list without the keys in between.
   */
  public static void decodeOrdinals(
      MemorySegment memory, long offset, long firstKey, int n, long base, int[] out, int at) {
    int ordinal = (int) (firstKey - base);
    int width = memory.get(BYTE, offset) & 0xFF;
    if (width == 0) {
      out[at] = ordinal;
      Arrays.fill(out, at + 1, at + n, ordinal);
      return;
    }
    if (VectorSupport.ENABLED && width <= VectorPostingBlocks.MAX_WIDTH) {
      VectorPostingBlocks.decodeOrdinals(memory, offset, ordinal, n, width, out, at);
      return;
    }
    out[at] = ordinal;
    decodeOrdinalsScalar(memory, offset + 1, 0, ordinal, 1, n, width, out, at);
  }

  /**
   * Decodes gaps {@code [from, n)} of a block whose gaps of {@code width} bits (1 to 31) start at
   * {@code gapsOffset}, the first of them at bit {@code bit}, adding each to the running {@code
   * ordinal} into {@code out[at + from..at + n)}.
   */
  static void decodeOrdinalsScalar(
      MemorySegment memory,
      long gapsOffset,
      long bit,
      int ordinal,
      int from,
      int n,
      int width,
      int[] out,
      int at) {
    // gaps inside one hash's list are ordinal differences, below 2^31: one 64-bit read each
    int mask = (int) ((1L << width) - 1);
    for (int i = from; i < n; i++, bit += width) {
      ordinal += (int) (memory.get(LONG, gapsOffset + (bit >>> 3)) >>> (bit & 7)) & mask;
      out[at + i] = ordinal;
    }
  }

  /**
   * Decodes the block at {@code offset} holding {@code n} keys from {@code firstKey} into {@code
   * out[0..n)}. The memory must extend at least 8 bytes past the block (the format's tail).
   */
  public static void decode(MemorySegment memory, long offset, long firstKey, int n, long[] out) {
    out[0] = firstKey;
    int width = memory.get(BYTE, offset) & 0xFF;
    if (width == 0) {
      Arrays.fill(out, 1, n, firstKey);
      return;
    }
    long base = offset + 1;
    long mask = width == 64 ? -1L : (1L << width) - 1;
    long key = firstKey;
    long bit = 0;
    if (width <= 56) {
      // one unaligned 64-bit read always holds the whole value (shift <= 7)
      for (int i = 1; i < n; i++, bit += width) {
        key += (memory.get(LONG, base + (bit >>> 3)) >>> (bit & 7)) & mask;
        out[i] = key;
      }
      return;
    }
    for (int i = 1; i < n; i++, bit += width) {
      long at = base + (bit >>> 3);
      int shift = (int) (bit & 7);
      long value = memory.get(LONG, at) >>> shift;
      if (shift + width > 64) {
        value |= (long) (memory.get(BYTE, at + 8) & 0xFF) << (64 - shift);
      }
      key += value & mask;
      out[i] = key;
    }
  }
}
