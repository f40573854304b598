package org.acoustid.chromaprint;

/**
 * libchromaprint's built-in resampler to 11025 Hz (its copy of FFmpeg's old {@code resample2}:
 * polyphase, 16 taps per zero crossing, 256 phases, cutoff 0.8, Kaiser beta 9, 16-bit
 * coefficients), including its buffering of 32768 input samples, which decides the output when
 * upsampling. Integer arithmetic after the coefficient table. Not thread-safe.
 */
final class Resampler {
  static final int OUTPUT_RATE = 11025;
  static final int BUFFER_SAMPLES = 32768;
  private static final int PHASES = 256;

  /** Receives resampled values. */
  interface Sink {
    void accept(short sample);
  }

  private final int taps;
  private final int[][] coefficients;
  private final int incrementInt;
  private final int incrementFrac;
  private final short[] buffer = new short[BUFFER_SAMPLES];
  private int buffered;
  private int index;
  private int frac;

  Resampler(int inputRate) {
    double factor = Math.min((OUTPUT_RATE * 0.8) / inputRate, 1.0);
    taps = Math.max((int) Math.ceil(16 / factor), 1);
    int center = (taps - 1) / 2;
    coefficients = new int[PHASES][taps];
    double[] tab = new double[taps];
    for (int ph = 0; ph < PHASES; ph++) {
      double norm = 0;
      for (int i = 0; i < taps; i++) {
        double x = Math.PI * ((double) (i - center) - ph / 256.0) * factor;
        double y = x == 0 ? 1.0 : Math.sin(x) / x;
        double w = 2.0 * x / (factor * taps * Math.PI);
        y *= besselI0(9 * Math.sqrt(Math.max(1 - w * w, 0)));
        tab[i] = y;
        norm += y;
      }
      for (int i = 0; i < taps; i++) {
        int c = (int) Math.rint((float) (tab[i] * 32768 / norm));
        coefficients[ph][i] = Math.max(-32768, Math.min(32767, c));
      }
    }
    index = -PHASES * center;
    incrementInt = (inputRate * PHASES) / OUTPUT_RATE;
    incrementFrac = (inputRate * PHASES) % OUTPUT_RATE;
  }

  static double besselI0(double x) {
    double v = 1;
    double t = 1;
    double q = x * x / 4;
    int k = 1;
    double last;
    do {
      last = v;
      t *= q / ((double) k * k);
      v += t;
      k++;
    } while (v != last);
    return v;
  }

  void feed(short sample, Sink sink) {
    buffer[buffered++] = sample;
    if (buffered == BUFFER_SAMPLES) {
      int consumed = run(BUFFER_SAMPLES, sink);
      System.arraycopy(buffer, consumed, buffer, 0, buffered - consumed);
      buffered -= consumed;
    }
  }

  /** One last call on what is buffered; input it leaves is discarded, as in the library. */
  void finish(Sink sink) {
    run(BUFFER_SAMPLES, sink);
    buffered = 0;
  }

  private int run(int maxOut, Sink sink) {
    int n = buffered;
    if (n == 0) {
      return 0;
    }
    int out = 0;
    while (out < maxOut) {
      int phase = index & 255;
      int s = index >> 8;
      int[] coef = coefficients[phase];
      int acc = 0;
      if (s < 0) {
        for (int i = 0; i < taps; i++) {
          acc += buffer[Math.abs(s + i) % n] * coef[i];
        }
      } else if (s + taps > n) {
        break;
      } else {
        for (int i = 0; i < taps; i++) {
          acc += buffer[s + i] * coef[i];
        }
      }
      int v = (acc + 16384) >> 15;
      sink.accept((short) Math.max(-32768, Math.min(32767, v)));
      out++;
      frac += incrementFrac;
      index += incrementInt;
      if (frac >= OUTPUT_RATE) {
        frac -= OUTPUT_RATE;
        index += 1;
      }
    }
    int consumed = Math.max(index, 0) >> 8;
    if (index >= 0) {
      index &= 255;
    }
    return consumed;
  }
}
