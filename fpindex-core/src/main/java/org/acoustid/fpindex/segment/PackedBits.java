package org.acoustid.fpindex.segment;

import static org.acoustid.fpindex.segment.SegmentFormat.BYTE;
import static org.acoustid.fpindex.segment.SegmentFormat.LONG;

import java.lang.foreign.MemorySegment;

/**
 * Fixed-width bit arrays of the document table ({@link SegmentFormat}): value {@code i} of width
 * {@code bits} occupies bits {@code [i * bits, (i + 1) * bits)} from {@code offset}, least
 * significant bit first. The memory must extend 8 bytes past the last value. Stateless.
 */
final class PackedBits {
  private PackedBits() {}

  /** Bits needed for the unsigned {@code value} (0 for 0). */
  static int width(long value) {
    return 64 - Long.numberOfLeadingZeros(value);
  }

  static long mask(int bits) {
    return bits == 64 ? -1L : (1L << bits) - 1;
  }

  /** Value {@code index}; {@code mask} is {@link #mask}{@code (bits)}. */
  static long get(MemorySegment memory, long offset, int bits, long mask, int index) {
    long bit = (long) index * bits;
    long at = offset + (bit >>> 3);
    int shift = (int) (bit & 7);
    long value = memory.get(LONG, at) >>> shift;
    if (shift + bits > 64) {
      value |= (memory.get(BYTE, at + 8) & 0xFFL) << (64 - shift);
    }
    return value & mask;
  }

  /** Stores value {@code index} into zeroed memory (bits are or-ed in). */
  static void set(MemorySegment memory, long offset, int bits, int index, long value) {
    long bit = (long) index * bits;
    long at = offset + (bit >>> 3);
    int shift = (int) (bit & 7);
    long v = value & mask(bits);
    memory.set(LONG, at, memory.get(LONG, at) | (v << shift));
    if (shift + bits > 64) {
      memory.set(BYTE, at + 8, (byte) (memory.get(BYTE, at + 8) | (v >>> (64 - shift))));
    }
  }
}
