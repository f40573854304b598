package org.acoustid.fpindex.segment;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API variant of {@link PostingBlocks#decodeOrdinals} for gaps up to {@link #MAX_WIDTH}
 * bits, eight at a time. Eight gaps of {@code w} bits take exactly {@code w} bytes, so every group
 * starts on a byte and has the same layout: one 32-byte load, one byte shuffle that gives each
 * 32-bit lane the four bytes holding its gap, a per-lane shift and mask, then a prefix sum over the
 * lanes plus the running ordinal. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorPostingBlocks {
  /** The widest gap a lane holds with its shift: {@code 7 + 25 = 32} bits. */
  static final int MAX_WIDTH = 25;

  private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_256;
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
  private static final int LANES = 8;

  /** Per width: the byte shuffle that gathers each lane's four bytes, and the lanes' shifts. */
  @SuppressWarnings("unchecked")
  private static final VectorShuffle<Byte>[] GATHER = new VectorShuffle[MAX_WIDTH + 1];

  private static final IntVector[] SHIFTS = new IntVector[MAX_WIDTH + 1];

  /** Broadcasts the last lane: the running ordinal carried to the next group. */
  private static final VectorShuffle<Integer> LAST = VectorShuffle.iota(INTS, LANES - 1, 0, true);

  static {
    for (int w = 1; w <= MAX_WIDTH; w++) {
      int[] bytes = new int[4 * LANES];
      int[] shifts = new int[LANES];
      for (int lane = 0; lane < LANES; lane++) {
        int bit = lane * w;
        for (int b = 0; b < 4; b++) {
          bytes[4 * lane + b] = (bit >>> 3) + b;
        }
        shifts[lane] = bit & 7;
      }
      GATHER[w] = VectorShuffle.fromArray(BYTES, bytes, 0);
      SHIFTS[w] = IntVector.fromArray(INTS, shifts, 0);
    }
  }

  private VectorPostingBlocks() {}

  /**
   * Decodes the {@code n - 1} gaps of {@code width} bits (1 to {@link #MAX_WIDTH}) that start at
   * {@code offset + 1} as ordinals from {@code ordinal} into {@code out[at + 1..at + n)}; {@code
   * out[at]} is the first ordinal. Groups whose 32-byte load would pass the end of {@code memory},
   * and the last gaps short of a group, are decoded one by one.
   */
  static void decodeOrdinals(
      MemorySegment memory, long offset, int ordinal, int n, int width, int[] out, int at) {
    out[at] = ordinal;
    VectorShuffle<Byte> gather = GATHER[width];
    IntVector shifts = SHIFTS[width];
    int mask = (int) ((1L << width) - 1);
    IntVector running = IntVector.broadcast(INTS, ordinal);
    long lastLoad = memory.byteSize() - BYTES.vectorByteSize();
    int groups = (n - 1) / LANES;
    int g = 0;
    for (; g < groups; g++) {
      long position = offset + 1 + (long) g * width;
      if (position > lastLoad) {
        break;
      }
      IntVector gaps =
          ByteVector.fromMemorySegment(BYTES, memory, position, ByteOrder.LITTLE_ENDIAN)
              .rearrange(gather)
              .reinterpretAsInts()
              .lanewise(VectorOperators.LSHR, shifts)
              .and(mask);
      // inclusive prefix sum in three steps: lanes shifted up by 1, 2 and 4 with zeros below
      gaps = gaps.add(gaps.unslice(1));
      gaps = gaps.add(gaps.unslice(2));
      gaps = gaps.add(gaps.unslice(4));
      IntVector ordinals = gaps.add(running);
      ordinals.intoArray(out, at + 1 + LANES * g);
      running = ordinals.rearrange(LAST);
    }
    int decoded = LANES * g;
    PostingBlocks.decodeOrdinalsScalar(
        memory,
        offset + 1,
        (long) decoded * width,
        out[at + decoded],
        decoded + 1,
        n,
        width,
        out,
        at);
  }
}
