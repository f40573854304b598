package org.acoustid.chromaprint;

/**
 * One frame's chroma: Hamming window (scaled by 1/32767), real DFT in double precision, power
 * spectrum, and the 12-band pitch-class sums over 28..3520 Hz in ascending bin order.
 *
 * <p>The real DFT of N samples runs as a complex FFT of N/2 points over (even, odd) sample pairs
 * followed by the usual split step, and only the bins the chroma uses are finished. Any
 * double-precision DFT yields the library's fingerprints (chromaprint.md §8.4); the golden tests
 * hold this one to 0 differing bits. One instance per fingerprinter; not thread-safe.
 */
final class Spectrum {
  private final int size;
  private final int half;
  private final double[] window;
  private final double[] cos;
  private final double[] sin;
  private final double[] splitCos;
  private final double[] splitSin;
  private final int[] bitReverse;
  private final double[] re;
  private final double[] im;
  private final int minBin;
  private final int maxBin;
  private final int[] notes;

  Spectrum(int size) {
    this.size = size;
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
    re = new double[half];
    im = new double[half];
    minBin = Math.max(1, (int) Math.round(size * 28 / 11025.0));
    maxBin = Math.min(half, (int) Math.round(size * 3520 / 11025.0));
    notes = new int[maxBin];
    for (int k = minBin; k < maxBin; k++) {
      double freq = k * 11025.0 / size;
      double octave = Math.log(freq / 27.5) / Math.log(2.0);
      notes[k] = (int) (12 * (octave - Math.floor(octave)));
    }
  }

  /** The 12 chroma values of {@code frame} (exactly {@code size} samples). */
  double[] chroma(short[] frame) {
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
    double[] chroma = new double[12];
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
      chroma[notes[k]] += xr * xr + xi * xi;
    }
    return chroma;
  }
}
