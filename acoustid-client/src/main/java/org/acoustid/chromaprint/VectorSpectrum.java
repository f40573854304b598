package org.acoustid.chromaprint;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@link Spectrum}: the same radix-2 FFT, split step and power spectrum,
 * on 512-bit vectors (eight doubles) or, where those are not native, 256-bit ones (four). Every
 * value is computed with exactly the scalar path's operations in the scalar path's order (Java
 * never fuses a multiply and an add), so both paths give the same power spectrum bit for bit
 * ({@code SpectrumTest}). Loaded only when the incubator module is present.
 *
 * <p>With L lanes, the first pass reads the frame in natural order, L groups of L at a time: a
 * group of the bit-reversed layout holds the packed samples {@code n = q * half/L + b} for {@code q
 * = 0..L-1}, so L consecutive {@code b} are L contiguous lanes. It applies the window,
 * deinterleaves the (even, odd) sample pairs, runs the first log2(L) butterfly stages across the L
 * vectors, and transposes them so that each group lands contiguously at its bit-reversed position.
 * The remaining stages run two at a time in registers with per-stage contiguous twiddle tables.
 */
final class VectorSpectrum {
  private static final VectorSpecies<Double> D =
      DoubleVector.SPECIES_PREFERRED.length() >= 8
          ? DoubleVector.SPECIES_512
          : DoubleVector.SPECIES_256;

  /** Lanes per vector: 8 or 4. */
  static final int LANES = D.length();

  private static final VectorSpecies<Short> S =
      LANES == 8 ? ShortVector.SPECIES_128 : ShortVector.SPECIES_64;

  /** selectFrom indices: the even and odd lanes of the concatenation of two vectors. */
  private static final DoubleVector EVEN = indices(i -> 2 * i);

  private static final DoubleVector ODD = indices(i -> 2 * i + 1);

  /** LxL transpose in rounds; round k swaps bit k of the vector number and of the lane. */
  private static final DoubleVector LO1 = indices(j -> lo(j, 1));

  private static final DoubleVector HI1 = indices(j -> hi(j, 1));
  private static final DoubleVector LO2 = indices(j -> lo(j, 2));
  private static final DoubleVector HI2 = indices(j -> hi(j, 2));
  private static final DoubleVector LO4 = indices(j -> lo(j, 4));
  private static final DoubleVector HI4 = indices(j -> hi(j, 4));

  /** Position in a group of packed sample q * half/L + b: q bit-reversed in log2(L) bits. */
  private static final int[] REV =
      LANES == 8 ? new int[] {0, 4, 2, 6, 1, 5, 3, 7} : new int[] {0, 2, 1, 3};

  /*
   * The same selections as two-vector shuffles: with 256-bit vectors (AVX2) selectFrom(v1, v2) has
   * no intrinsic and would run the Java fallback, while rearrange(shuffle, v) compiles to two
   * permutes and a blend. An index of the second vector is written as index - 2L here.
   */
  private static final VectorShuffle<Double> EVEN_S = shuffle(i -> 2 * i);

  private static final VectorShuffle<Double> ODD_S = shuffle(i -> 2 * i + 1);

  /**
   * For the 4x4 transpose: lanes (0 1 2 3) to (1 0 3 2) and to (2 3 0 1), and the lanes to blend.
   */
  private static final VectorShuffle<Double> SWAP_PAIRS = VectorShuffle.fromOp(D, i -> i ^ 1);

  private static final VectorShuffle<Double> SWAP_HALVES =
      VectorShuffle.fromOp(D, i -> i ^ (LANES / 2));
  private static final VectorMask<Double> ODD_LANES =
      VectorMask.fromLong(D, 0xAAL & ((1L << LANES) - 1));
  private static final VectorMask<Double> HIGH_HALF =
      VectorMask.fromLong(D, ((1L << LANES) - 1) & ~((1L << (LANES / 2)) - 1));

  private static final VectorShuffle<Double> REVERSE = VectorShuffle.fromOp(D, i -> LANES - 1 - i);

  private VectorSpectrum() {}

  /** True when at least 256-bit double vectors are native here (else the scalar path is faster). */
  static boolean supported() {
    return DoubleVector.SPECIES_PREFERRED.length() >= 4;
  }

  private static int lo(int j, int bit) {
    return (j & bit) == 0 ? j : LANES + (j ^ bit);
  }

  private static int hi(int j, int bit) {
    return (j & bit) == 0 ? j | bit : LANES + j;
  }

  private interface LaneIndex {
    int of(int lane);
  }

  private static VectorShuffle<Double> shuffle(LaneIndex f) {
    int[] v = new int[LANES];
    for (int i = 0; i < LANES; i++) {
      int index = f.of(i);
      v[i] = index < LANES ? index : index - 2 * LANES;
    }
    return VectorShuffle.fromValues(D, v);
  }

  /** Lanes of {@code a} then {@code b} chosen by {@code indices} (0..2L-1), as fits the machine. */
  private static DoubleVector select(
      DoubleVector indices, VectorShuffle<Double> shuffle, DoubleVector a, DoubleVector b) {
    return LANES == 8 ? indices.selectFrom(a, b) : a.rearrange(shuffle, b);
  }

  private static DoubleVector indices(LaneIndex f) {
    double[] v = new double[LANES];
    for (int i = 0; i < LANES; i++) {
      v[i] = f.of(i);
    }
    return DoubleVector.fromArray(D, v, 0);
  }

  /**
   * Windows {@code frame}, packs it as {@code half} complex values in bit-reversed order and runs
   * the whole FFT, leaving the spectrum of the packed sequence in {@code re}, {@code im}.
   */
  static void transform(short[] frame, Spectrum s) {
    firstPass(frame, s);
    final int half = s.half;
    int h = LANES;
    for (; 2 * h < half; h <<= 2) {
      twoStages(s.re, s.im, half, h, s.stageCos, s.stageSin);
    }
    if (h < half) {
      oneStage(s.re, s.im, half, h, s.stageCos, s.stageSin);
    }
  }

  /*
   * The first pass is split into small methods that meet only in a scratch block: one method
   * holding all of it is too large for C1 ("out of virtual registers"), and a method left to the
   * interpreter until C2 gets to it runs the Vector API's slow fallback meanwhile.
   */
  private static void firstPass(short[] frame, Spectrum s) {
    final double[] scratch = s.scratch;
    final int part = s.half / LANES;
    for (int b = 0; b < part; b += LANES) {
      deinterleave(frame, s.window, 2 * b, 2 * part, scratch);
      if (LANES == 8) {
        radix8(scratch, s.firstPassTwiddles);
        transpose8(scratch, 0, s.re, s.firstPassGroups, b);
        transpose8(scratch, LANES * LANES, s.im, s.firstPassGroups, b);
      } else {
        radix4(scratch, s.firstPassTwiddles);
        transpose4(scratch, 0, s.re, s.firstPassGroups, b);
        transpose4(scratch, LANES * LANES, s.im, s.firstPassGroups, b);
      }
    }
  }

  /**
   * Windowed packed samples {@code n = q * half/L + b + lane} for q = 0..L-1 into scratch: the real
   * parts (even samples) of position r = rev(q) of the groups at {@code L * r}, the imaginary parts
   * (odd samples) at {@code L * (L + r)}.
   */
  private static void deinterleave(
      short[] frame, double[] window, int offset, int stride, double[] scratch) {
    for (int q = 0; q < LANES; q++) {
      int o = offset + q * stride;
      DoubleVector lo = windowed(frame, window, o);
      DoubleVector hi = windowed(frame, window, o + LANES);
      int r = REV[q];
      select(EVEN, EVEN_S, lo, hi).intoArray(scratch, LANES * r);
      select(ODD, ODD_S, lo, hi).intoArray(scratch, LANES * (LANES + r));
    }
  }

  /** Stages 1 to 3 of eight groups at once; lane j of row r is position r of group j. */
  private static void radix8(double[] scratch, double[] tw) {
    final double c2 = tw[0];
    final double s2 = tw[1];
    final double c31 = tw[2];
    final double s31 = tw[3];
    final double c32 = tw[4];
    final double s32 = tw[5];
    final double c33 = tw[6];
    final double s33 = tw[7];
    DoubleVector x0 = DoubleVector.fromArray(D, scratch, 0);
    DoubleVector x1 = DoubleVector.fromArray(D, scratch, 8);
    DoubleVector x2 = DoubleVector.fromArray(D, scratch, 16);
    DoubleVector x3 = DoubleVector.fromArray(D, scratch, 24);
    DoubleVector x4 = DoubleVector.fromArray(D, scratch, 32);
    DoubleVector x5 = DoubleVector.fromArray(D, scratch, 40);
    DoubleVector x6 = DoubleVector.fromArray(D, scratch, 48);
    DoubleVector x7 = DoubleVector.fromArray(D, scratch, 56);
    DoubleVector y0 = DoubleVector.fromArray(D, scratch, 64);
    DoubleVector y1 = DoubleVector.fromArray(D, scratch, 72);
    DoubleVector y2 = DoubleVector.fromArray(D, scratch, 80);
    DoubleVector y3 = DoubleVector.fromArray(D, scratch, 88);
    DoubleVector y4 = DoubleVector.fromArray(D, scratch, 96);
    DoubleVector y5 = DoubleVector.fromArray(D, scratch, 104);
    DoubleVector y6 = DoubleVector.fromArray(D, scratch, 112);
    DoubleVector y7 = DoubleVector.fromArray(D, scratch, 120);
    // twiddle k = 0 is 1 - 0i: the scalar butterfly then adds and subtracts exactly, up to the
    // sign of zeros, which no power value can see
    // stage 1: pairs (0,1) (2,3) (4,5) (6,7), twiddle 1
    DoubleVector t;
    t = x0;
    x0 = t.add(x1);
    x1 = t.sub(x1);
    t = y0;
    y0 = t.add(y1);
    y1 = t.sub(y1);
    t = x2;
    x2 = t.add(x3);
    x3 = t.sub(x3);
    t = y2;
    y2 = t.add(y3);
    y3 = t.sub(y3);
    t = x4;
    x4 = t.add(x5);
    x5 = t.sub(x5);
    t = y4;
    y4 = t.add(y5);
    y5 = t.sub(y5);
    t = x6;
    x6 = t.add(x7);
    x7 = t.sub(x7);
    t = y6;
    y6 = t.add(y7);
    y7 = t.sub(y7);
    // stage 2: pairs (0,2) (4,6) twiddle 1, (1,3) (5,7) twiddle W4
    t = x0;
    x0 = t.add(x2);
    x2 = t.sub(x2);
    t = y0;
    y0 = t.add(y2);
    y2 = t.sub(y2);
    t = x4;
    x4 = t.add(x6);
    x6 = t.sub(x6);
    t = y4;
    y4 = t.add(y6);
    y6 = t.sub(y6);
    DoubleVector tr = x3.mul(c2).sub(y3.mul(s2));
    DoubleVector ti = x3.mul(s2).add(y3.mul(c2));
    x3 = x1.sub(tr);
    y3 = y1.sub(ti);
    x1 = x1.add(tr);
    y1 = y1.add(ti);
    tr = x7.mul(c2).sub(y7.mul(s2));
    ti = x7.mul(s2).add(y7.mul(c2));
    x7 = x5.sub(tr);
    y7 = y5.sub(ti);
    x5 = x5.add(tr);
    y5 = y5.add(ti);
    // stage 3: pairs (0,4) twiddle 1, (1,5) W8, (2,6) W8^2, (3,7) W8^3
    t = x0;
    x0 = t.add(x4);
    x4 = t.sub(x4);
    t = y0;
    y0 = t.add(y4);
    y4 = t.sub(y4);
    tr = x5.mul(c31).sub(y5.mul(s31));
    ti = x5.mul(s31).add(y5.mul(c31));
    x5 = x1.sub(tr);
    y5 = y1.sub(ti);
    x1 = x1.add(tr);
    y1 = y1.add(ti);
    tr = x6.mul(c32).sub(y6.mul(s32));
    ti = x6.mul(s32).add(y6.mul(c32));
    x6 = x2.sub(tr);
    y6 = y2.sub(ti);
    x2 = x2.add(tr);
    y2 = y2.add(ti);
    tr = x7.mul(c33).sub(y7.mul(s33));
    ti = x7.mul(s33).add(y7.mul(c33));
    x7 = x3.sub(tr);
    y7 = y3.sub(ti);
    x3 = x3.add(tr);
    y3 = y3.add(ti);
    x0.intoArray(scratch, 0);
    x1.intoArray(scratch, 8);
    x2.intoArray(scratch, 16);
    x3.intoArray(scratch, 24);
    x4.intoArray(scratch, 32);
    x5.intoArray(scratch, 40);
    x6.intoArray(scratch, 48);
    x7.intoArray(scratch, 56);
    y0.intoArray(scratch, 64);
    y1.intoArray(scratch, 72);
    y2.intoArray(scratch, 80);
    y3.intoArray(scratch, 88);
    y4.intoArray(scratch, 96);
    y5.intoArray(scratch, 104);
    y6.intoArray(scratch, 112);
    y7.intoArray(scratch, 120);
  }

  /**
   * Transposes the 8x8 block at {@code scratch[from..]} and stores row j at group {@code b + j}.
   */
  private static void transpose8(double[] scratch, int from, double[] dst, int[] groups, int b) {
    DoubleVector x0 = DoubleVector.fromArray(D, scratch, from);
    DoubleVector x1 = DoubleVector.fromArray(D, scratch, from + 8);
    DoubleVector x2 = DoubleVector.fromArray(D, scratch, from + 16);
    DoubleVector x3 = DoubleVector.fromArray(D, scratch, from + 24);
    DoubleVector x4 = DoubleVector.fromArray(D, scratch, from + 32);
    DoubleVector x5 = DoubleVector.fromArray(D, scratch, from + 40);
    DoubleVector x6 = DoubleVector.fromArray(D, scratch, from + 48);
    DoubleVector x7 = DoubleVector.fromArray(D, scratch, from + 56);
    DoubleVector a0 = LO1.selectFrom(x0, x1);
    DoubleVector a1 = HI1.selectFrom(x0, x1);
    DoubleVector a2 = LO1.selectFrom(x2, x3);
    DoubleVector a3 = HI1.selectFrom(x2, x3);
    DoubleVector a4 = LO1.selectFrom(x4, x5);
    DoubleVector a5 = HI1.selectFrom(x4, x5);
    DoubleVector a6 = LO1.selectFrom(x6, x7);
    DoubleVector a7 = HI1.selectFrom(x6, x7);
    x0 = LO2.selectFrom(a0, a2);
    x2 = HI2.selectFrom(a0, a2);
    x1 = LO2.selectFrom(a1, a3);
    x3 = HI2.selectFrom(a1, a3);
    x4 = LO2.selectFrom(a4, a6);
    x6 = HI2.selectFrom(a4, a6);
    x5 = LO2.selectFrom(a5, a7);
    x7 = HI2.selectFrom(a5, a7);
    LO4.selectFrom(x0, x4).intoArray(dst, LANES * groups[b]);
    HI4.selectFrom(x0, x4).intoArray(dst, LANES * groups[b + 4]);
    LO4.selectFrom(x1, x5).intoArray(dst, LANES * groups[b + 1]);
    HI4.selectFrom(x1, x5).intoArray(dst, LANES * groups[b + 5]);
    LO4.selectFrom(x2, x6).intoArray(dst, LANES * groups[b + 2]);
    HI4.selectFrom(x2, x6).intoArray(dst, LANES * groups[b + 6]);
    LO4.selectFrom(x3, x7).intoArray(dst, LANES * groups[b + 3]);
    HI4.selectFrom(x3, x7).intoArray(dst, LANES * groups[b + 7]);
  }

  /** Stages 1 and 2 of four groups at once (256-bit vectors); as {@link #radix8}. */
  private static void radix4(double[] scratch, double[] tw) {
    final double c2 = tw[0];
    final double s2 = tw[1];
    DoubleVector x0 = DoubleVector.fromArray(D, scratch, 0);
    DoubleVector x1 = DoubleVector.fromArray(D, scratch, 4);
    DoubleVector x2 = DoubleVector.fromArray(D, scratch, 8);
    DoubleVector x3 = DoubleVector.fromArray(D, scratch, 12);
    DoubleVector y0 = DoubleVector.fromArray(D, scratch, 16);
    DoubleVector y1 = DoubleVector.fromArray(D, scratch, 20);
    DoubleVector y2 = DoubleVector.fromArray(D, scratch, 24);
    DoubleVector y3 = DoubleVector.fromArray(D, scratch, 28);
    // stage 1: pairs (0,1) (2,3), twiddle 1
    DoubleVector t;
    t = x0;
    x0 = t.add(x1);
    x1 = t.sub(x1);
    t = y0;
    y0 = t.add(y1);
    y1 = t.sub(y1);
    t = x2;
    x2 = t.add(x3);
    x3 = t.sub(x3);
    t = y2;
    y2 = t.add(y3);
    y3 = t.sub(y3);
    // stage 2: pair (0,2) twiddle 1, (1,3) twiddle W4
    t = x0;
    x0 = t.add(x2);
    x2 = t.sub(x2);
    t = y0;
    y0 = t.add(y2);
    y2 = t.sub(y2);
    DoubleVector tr = x3.mul(c2).sub(y3.mul(s2));
    DoubleVector ti = x3.mul(s2).add(y3.mul(c2));
    x3 = x1.sub(tr);
    y3 = y1.sub(ti);
    x1 = x1.add(tr);
    y1 = y1.add(ti);
    x0.intoArray(scratch, 0);
    x1.intoArray(scratch, 4);
    x2.intoArray(scratch, 8);
    x3.intoArray(scratch, 12);
    y0.intoArray(scratch, 16);
    y1.intoArray(scratch, 20);
    y2.intoArray(scratch, 24);
    y3.intoArray(scratch, 28);
  }

  /**
   * Transposes the 4x4 block at {@code scratch[from..]} and stores row j at group {@code b + j}.
   * Each round is two one-vector permutes and two blends: cheaper on AVX2 than two-vector shuffles.
   */
  private static void transpose4(double[] scratch, int from, double[] dst, int[] groups, int b) {
    DoubleVector x0 = DoubleVector.fromArray(D, scratch, from);
    DoubleVector x1 = DoubleVector.fromArray(D, scratch, from + 4);
    DoubleVector x2 = DoubleVector.fromArray(D, scratch, from + 8);
    DoubleVector x3 = DoubleVector.fromArray(D, scratch, from + 12);
    // round 1: a0 = [x0_0 x1_0 x0_2 x1_2], a1 = [x0_1 x1_1 x0_3 x1_3] (and a2, a3 from x2, x3)
    DoubleVector a0 = x0.blend(x1.rearrange(SWAP_PAIRS), ODD_LANES);
    DoubleVector a1 = x0.rearrange(SWAP_PAIRS).blend(x1, ODD_LANES);
    DoubleVector a2 = x2.blend(x3.rearrange(SWAP_PAIRS), ODD_LANES);
    DoubleVector a3 = x2.rearrange(SWAP_PAIRS).blend(x3, ODD_LANES);
    // round 2: low halves together, high halves together
    a0.blend(a2.rearrange(SWAP_HALVES), HIGH_HALF).intoArray(dst, LANES * groups[b]);
    a0.rearrange(SWAP_HALVES).blend(a2, HIGH_HALF).intoArray(dst, LANES * groups[b + 2]);
    a1.blend(a3.rearrange(SWAP_HALVES), HIGH_HALF).intoArray(dst, LANES * groups[b + 1]);
    a1.rearrange(SWAP_HALVES).blend(a3, HIGH_HALF).intoArray(dst, LANES * groups[b + 3]);
  }

  /** Windowed samples {@code [offset, offset + L)}. */
  private static DoubleVector windowed(short[] frame, double[] window, int offset) {
    return ((DoubleVector)
            ShortVector.fromArray(S, frame, offset).convertShape(VectorOperators.S2D, D, 0))
        .mul(DoubleVector.fromArray(D, window, offset));
  }

  /** Stages with half-widths {@code h} and {@code 2h} in one pass (each value loaded once). */
  private static void twoStages(
      double[] re, double[] im, int half, int h, double[] stageCos, double[] stageSin) {
    // stage tables: the twiddles of half-width h sit at [h, 2h)
    for (int start = 0; start < half; start += 4 * h) {
      for (int k = 0; k < h; k += LANES) {
        int i0 = start + k;
        int i1 = i0 + h;
        int i2 = i1 + h;
        int i3 = i2 + h;
        DoubleVector wr = DoubleVector.fromArray(D, stageCos, h + k);
        DoubleVector wi = DoubleVector.fromArray(D, stageSin, h + k);
        DoubleVector r0 = DoubleVector.fromArray(D, re, i0);
        DoubleVector m0 = DoubleVector.fromArray(D, im, i0);
        DoubleVector r1 = DoubleVector.fromArray(D, re, i1);
        DoubleVector m1 = DoubleVector.fromArray(D, im, i1);
        DoubleVector r2 = DoubleVector.fromArray(D, re, i2);
        DoubleVector m2 = DoubleVector.fromArray(D, im, i2);
        DoubleVector r3 = DoubleVector.fromArray(D, re, i3);
        DoubleVector m3 = DoubleVector.fromArray(D, im, i3);
        // stage h: (i0, i1) and (i2, i3), twiddle k
        DoubleVector tr = r1.mul(wr).sub(m1.mul(wi));
        DoubleVector ti = r1.mul(wi).add(m1.mul(wr));
        r1 = r0.sub(tr);
        m1 = m0.sub(ti);
        r0 = r0.add(tr);
        m0 = m0.add(ti);
        tr = r3.mul(wr).sub(m3.mul(wi));
        ti = r3.mul(wi).add(m3.mul(wr));
        r3 = r2.sub(tr);
        m3 = m2.sub(ti);
        r2 = r2.add(tr);
        m2 = m2.add(ti);
        // stage 2h: (i0, i2) twiddle k, (i1, i3) twiddle k + h
        wr = DoubleVector.fromArray(D, stageCos, 2 * h + k);
        wi = DoubleVector.fromArray(D, stageSin, 2 * h + k);
        tr = r2.mul(wr).sub(m2.mul(wi));
        ti = r2.mul(wi).add(m2.mul(wr));
        r0.sub(tr).intoArray(re, i2);
        m0.sub(ti).intoArray(im, i2);
        r0.add(tr).intoArray(re, i0);
        m0.add(ti).intoArray(im, i0);
        wr = DoubleVector.fromArray(D, stageCos, 3 * h + k);
        wi = DoubleVector.fromArray(D, stageSin, 3 * h + k);
        tr = r3.mul(wr).sub(m3.mul(wi));
        ti = r3.mul(wi).add(m3.mul(wr));
        r1.sub(tr).intoArray(re, i3);
        m1.sub(ti).intoArray(im, i3);
        r1.add(tr).intoArray(re, i1);
        m1.add(ti).intoArray(im, i1);
      }
    }
  }

  private static void oneStage(
      double[] re, double[] im, int half, int h, double[] stageCos, double[] stageSin) {
    for (int start = 0; start < half; start += 2 * h) {
      for (int k = 0; k < h; k += LANES) {
        int a = start + k;
        int b = a + h;
        DoubleVector wr = DoubleVector.fromArray(D, stageCos, h + k);
        DoubleVector wi = DoubleVector.fromArray(D, stageSin, h + k);
        DoubleVector rb = DoubleVector.fromArray(D, re, b);
        DoubleVector ib = DoubleVector.fromArray(D, im, b);
        DoubleVector tr = rb.mul(wr).sub(ib.mul(wi));
        DoubleVector ti = rb.mul(wi).add(ib.mul(wr));
        DoubleVector ra = DoubleVector.fromArray(D, re, a);
        DoubleVector ia = DoubleVector.fromArray(D, im, a);
        ra.sub(tr).intoArray(re, b);
        ia.sub(ti).intoArray(im, b);
        ra.add(tr).intoArray(re, a);
        ia.add(ti).intoArray(im, a);
      }
    }
  }

  /**
   * Power of bins {@code [from, to)} of the real input into {@code power}, rounded up to whole
   * vectors (the arrays leave room): the split step {@code X[k] = E[k] + W^k O[k]} of the scalar
   * path, with {@code Z[half - k]} read as a reversed vector.
   */
  static void power(Spectrum s, int from, int to) {
    final double[] re = s.re;
    final double[] im = s.im;
    final double[] splitCos = s.splitCos;
    final double[] splitSin = s.splitSin;
    final double[] power = s.power;
    final int half = s.half;
    for (int k = from; k < to; k += LANES) {
      int m = half - k - (LANES - 1);
      DoubleVector zr = DoubleVector.fromArray(D, re, k);
      DoubleVector zi = DoubleVector.fromArray(D, im, k);
      DoubleVector cr = DoubleVector.fromArray(D, re, m).rearrange(REVERSE);
      DoubleVector ci = DoubleVector.fromArray(D, im, m).rearrange(REVERSE).neg();
      DoubleVector er = zr.add(cr).mul(0.5);
      DoubleVector ei = zi.add(ci).mul(0.5);
      DoubleVector or = zi.sub(ci).mul(0.5);
      DoubleVector oi = zr.sub(cr).mul(-0.5);
      DoubleVector c = DoubleVector.fromArray(D, splitCos, k);
      DoubleVector sn = DoubleVector.fromArray(D, splitSin, k);
      DoubleVector xr = er.add(c.mul(or)).sub(sn.mul(oi));
      DoubleVector xi = ei.add(c.mul(oi)).add(sn.mul(or));
      xr.mul(xr).add(xi.mul(xi)).intoArray(power, k);
    }
  }
}
