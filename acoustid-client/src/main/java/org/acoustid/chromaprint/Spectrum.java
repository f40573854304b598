package org.acoustid.chromaprint;

import java.util.Arrays;

/**
 * One frame's chroma: Hamming window (scaled by 1/32767), real DFT in double precision, power
 * spectrum, and the 12-band pitch-class sums over 28..3520 Hz in ascending bin order.
 *
 * <p>The real DFT of N samples runs as a complex radix-2 FFT of N/2 points over (even, odd) sample
 * pairs followed by the usual split step, and only the bins the chroma uses are finished. Any
 * double-precision DFT yields the library's fingerprints (chromaprint.md §8.4); the golden tests
 * hold this one to 0 differing bits. With the Vector API on a machine with 256- or 512-bit vectors
 * the FFT and the power spectrum run in {@link VectorSpectrum}, which computes every value with the
 * same operations in the same order, so the power spectrum is identical bit for bit either way
 * ({@code -Dacoustid.chromaprint.scalar=true} forces the scalar path). Allocates nothing per frame.
 * One instance per fingerprinter; not thread-safe.
 */
final class Spectrum {
  static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && Boolean.getBoolean("acoustid.chromaprint.scalar") == false
          && VectorSpectrum.supported();

  /**
   * Room after the last bin so that vector kernels may run whole vectors past the end; one more
   * power slot after it is never written and stays 0.0.
   */
  private static final int SLACK = 8;

  private static final int BANDS = 12;

  final int half;
  final double[] window;
  final double[] cos;
  final double[] sin;

  /** The twiddles {@code cos/sin(-2 pi k / (2h))} of the stage of half-width h at [h, 2h). */
  final double[] stageCos;

  final double[] stageSin;
  final double[] splitCos;
  final double[] splitSin;
  private final int[] bitReverse;

  /** For the vector first pass: the bit-reversed group of L fed by packed samples {@code b..}. */
  final int[] firstPassGroups;

  /** The twiddles of stages 2 and 3 (k = 1; k = 1, 2, 3) as (cos, sin) pairs. */
  final double[] firstPassTwiddles;

  /** One 8x8 block of real and one of imaginary parts between the first pass's kernels. */
  final double[] scratch = new double[128];

  final double[] re;
  final double[] im;
  final double[] power;
  private final int minBin;
  private final int maxBin;

  /**
   * The chroma bins band by band in ascending order, interleaved (bin i of band b at {@code i * 12
   * + b}), so that the twelve sums run as independent chains instead of one through memory.
   */
  private final int[] schedule;

  private final boolean vector;

  Spectrum(int size) {
    this(size, VECTOR);
  }

  Spectrum(int size, boolean vector) {
    this.vector = vector;
    this.half = size / 2;
    window = new double[size];
    for (int i = 0; i < size; i++) {
      window[i] = (1.0 / 32767) * (0.54 - 0.46 * Math.cos(i * 2.0 * Math.PI / (size - 1)));
    }
    cos = new double[half / 2];
    sin = new double[half / 2];
    for (int k = 0; k < half / 2; k++) {
      cos[k] = Math.cos(-2 * Math.PI * k / half);
      sin[k] = Math.sin(-2 * Math.PI * k / half);
    }
    stageCos = new double[half];
    stageSin = new double[half];
    for (int h = 1; h < half; h <<= 1) {
      int step = half / (2 * h);
      for (int k = 0; k < h; k++) {
        stageCos[h + k] = cos[k * step];
        stageSin[h + k] = sin[k * step];
      }
    }
    splitCos = new double[half];
    splitSin = new double[half];
    for (int k = 0; k < half; k++) {
      splitCos[k] = Math.cos(-2 * Math.PI * k / size);
      splitSin[k] = Math.sin(-2 * Math.PI * k / size);
    }
    int bits = Integer.numberOfTrailingZeros(half);
    bitReverse = new int[half];
    for (int i = 0; i < half; i++) {
      bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
    }
    // packed sample n = q * half/L + b lands at bit-reversed position L * rev(b) + rev(q)
    int lanes = vector ? VectorSpectrum.LANES : 8;
    firstPassGroups = new int[half / lanes];
    for (int b = 0; b < firstPassGroups.length; b++) {
      firstPassGroups[b] =
          Integer.reverse(b) >>> (32 - (bits - Integer.numberOfTrailingZeros(lanes)));
    }
    firstPassTwiddles =
        new double[] {
          cos[half / 4], sin[half / 4],
          cos[half / 8], sin[half / 8],
          cos[2 * (half / 8)], sin[2 * (half / 8)],
          cos[3 * (half / 8)], sin[3 * (half / 8)]
        };
    re = new double[half];
    im = new double[half];
    minBin = Math.max(1, (int) Math.round(size * 28 / 11025.0));
    maxBin = Math.min(half, (int) Math.round(size * 3520 / 11025.0));
    power = new double[maxBin + SLACK + 1];
    int[] notes = new int[maxBin];
    int[] count = new int[BANDS];
    for (int k = minBin; k < maxBin; k++) {
      double freq = k * 11025.0 / size;
      double octave = Math.log(freq / 27.5) / Math.log(2.0);
      notes[k] = (int) (12 * (octave - Math.floor(octave)));
      count[notes[k]]++;
    }
    // round i of the schedule holds the i-th bin of every band, or the never-written last power
    // slot (0.0) once a band has run out: adding +0.0 to a sum of squares changes nothing
    int rounds = Arrays.stream(count).max().orElse(0);
    schedule = new int[rounds * BANDS];
    Arrays.fill(schedule, power.length - 1);
    Arrays.fill(count, 0);
    for (int k = minBin; k < maxBin; k++) {
      schedule[count[notes[k]]++ * BANDS + notes[k]] = k;
    }
  }

  /** The 12 chroma values of {@code frame} (exactly {@code size} samples) into {@code chroma}. */
  void chroma(short[] frame, double[] chroma) {
    if (vector) {
      VectorSpectrum.transform(frame, this);
      VectorSpectrum.power(this, minBin, maxBin);
    } else {
      scalarTransform(frame);
      scalarPower();
    }
    final double[] power = this.power;
    final int[] schedule = this.schedule;
    double c0 = 0.0;
    double c1 = 0.0;
    double c2 = 0.0;
    double c3 = 0.0;
    double c4 = 0.0;
    double c5 = 0.0;
    double c6 = 0.0;
    double c7 = 0.0;
    double c8 = 0.0;
    double c9 = 0.0;
    double c10 = 0.0;
    double c11 = 0.0;
    for (int i = 0; i < schedule.length; i += BANDS) {
      c0 += power[schedule[i]];
      c1 += power[schedule[i + 1]];
      c2 += power[schedule[i + 2]];
      c3 += power[schedule[i + 3]];
      c4 += power[schedule[i + 4]];
      c5 += power[schedule[i + 5]];
      c6 += power[schedule[i + 6]];
      c7 += power[schedule[i + 7]];
      c8 += power[schedule[i + 8]];
      c9 += power[schedule[i + 9]];
      c10 += power[schedule[i + 10]];
      c11 += power[schedule[i + 11]];
    }
    chroma[0] = c0;
    chroma[1] = c1;
    chroma[2] = c2;
    chroma[3] = c3;
    chroma[4] = c4;
    chroma[5] = c5;
    chroma[6] = c6;
    chroma[7] = c7;
    chroma[8] = c8;
    chroma[9] = c9;
    chroma[10] = c10;
    chroma[11] = c11;
  }

  /** The power spectrum of the last frame: bin k at index k, for the chroma bins. */
  double[] power() {
    return power;
  }

  int minBin() {
    return minBin;
  }

  int maxBin() {
    return maxBin;
  }

  private void scalarTransform(short[] frame) {
    // pack (x[2n], x[2n+1]) as complex values, in bit-reversed order for the iterative FFT
    for (int n = 0; n < half; n++) {
      int j = bitReverse[n];
      re[j] = frame[2 * n] * window[2 * n];
      im[j] = frame[2 * n + 1] * window[2 * n + 1];
    }
    for (int len = 2; len <= half; len <<= 1) {
      int h = len >> 1;
      int step = half / len;
      for (int start = 0; start < half; start += len) {
        for (int k = 0; k < h; k++) {
          double wr = cos[k * step];
          double wi = sin[k * step];
          int a = start + k;
          int b = a + h;
          double tr = re[b] * wr - im[b] * wi;
          double ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }

  private void scalarPower() {
    for (int k = minBin; k < maxBin; k++) {
      // split step: X[k] = E[k] + W^k O[k] with E = (Z[k] + conj Z[M-k]) / 2, O = (Z[k] - conj
      // Z[M-k]) / 2i
      int m = (half - k) & (half - 1);
      double zr = re[k];
      double zi = im[k];
      double cr = re[m];
      double ci = -im[m];
      double er = 0.5 * (zr + cr);
      double ei = 0.5 * (zi + ci);
      double or = 0.5 * (zi - ci);
      double oi = -0.5 * (zr - cr);
      double xr = er + splitCos[k] * or - splitSin[k] * oi;
      double xi = ei + splitCos[k] * oi + splitSin[k] * or;
      power[k] = xr * xr + xi * xi;
    }
  }
}
