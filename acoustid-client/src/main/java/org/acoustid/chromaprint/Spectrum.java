package org.acoustid.chromaprint;

/**
 * One frame's chroma: Hamming window (scaled by 1/32767), real DFT in double precision (iterative
 * radix-2), power spectrum, and the 12-band pitch-class sums over 28..3520 Hz in ascending bin
 * order. One instance per fingerprinter (it keeps scratch arrays); not thread-safe.
 */
final class Spectrum {
  private final int size;
  private final double[] window;
  private final double[] cos;
  private final double[] sin;
  private final int[] bitReverse;
  private final double[] re;
  private final double[] im;
  private final int minBin;
  private final int maxBin;
  private final int[] notes;

  Spectrum(int size) {
    this.size = size;
    window = new double[size];
    for (int i = 0; i < size; i++) {
      window[i] = (1.0 / 32767) * (0.54 - 0.46 * Math.cos(i * 2.0 * Math.PI / (size - 1)));
    }
    cos = new double[size / 2];
    sin = new double[size / 2];
    for (int k = 0; k < size / 2; k++) {
      cos[k] = Math.cos(-2 * Math.PI * k / size);
      sin[k] = Math.sin(-2 * Math.PI * k / size);
    }
    int bits = Integer.numberOfTrailingZeros(size);
    bitReverse = new int[size];
    for (int i = 0; i < size; i++) {
      bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
    }
    re = new double[size];
    im = new double[size];
    minBin = Math.max(1, (int) Math.round(size * 28 / 11025.0));
    maxBin = Math.min(size / 2, (int) Math.round(size * 3520 / 11025.0));
    notes = new int[maxBin];
    for (int k = minBin; k < maxBin; k++) {
      double freq = k * 11025.0 / size;
      double octave = Math.log(freq / 27.5) / Math.log(2.0);
      notes[k] = (int) (12 * (octave - Math.floor(octave)));
    }
  }

  /** The 12 chroma values of {@code frame} (exactly {@code size} samples). */
  double[] chroma(short[] frame) {
    for (int i = 0; i < size; i++) {
      int j = bitReverse[i];
      re[j] = frame[i] * window[i];
      im[j] = 0;
    }
    for (int len = 2; len <= size; len <<= 1) {
      int half = len >> 1;
      int step = size / len;
      for (int start = 0; start < size; start += len) {
        for (int k = 0; k < half; k++) {
          double wr = cos[k * step];
          double wi = sin[k * step];
          int a = start + k;
          int b = a + half;
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
      chroma[notes[k]] += re[k] * re[k] + im[k] * im[k];
    }
    return chroma;
  }
}
