package org.acoustid.chromaprint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libchromaprint's built-in resampler to 11025 Hz (its copy of FFmpeg's old {@code resample2}:
 * polyphase, 16 taps per zero crossing, 256 phases, cutoff 0.8, Kaiser beta 9, 16-bit
 * coefficients), including its buffering of 32768 input samples, which decides the output when
 * upsampling. Integer arithmetic after the coefficient table; the dot product runs in {@link
 * VectorResampler} when the Vector API is present (same value: int sums wrap in any order). Not
 * thread-safe.
 */
final class Resampler {
  static final int OUTPUT_RATE = 11025;
  static final int BUFFER_SAMPLES = 32768;
  private static final int PHASES = 256;

  /**
   * Coefficient tables by input rate, immutable once built: building one takes longer than
   * resampling a few seconds of audio, and programs fingerprint many files at the same few rates.
   */
  private static final Map<Integer, int[]> TABLES = new ConcurrentHashMap<>();

  private static final int MAX_TABLES = 16;

  /** Receives resampled values, a block at a time. */
  interface Sink {
    void accept(short[] samples, int offset, int length);
  }

  private final int inputRate;
  private final int taps;

  /**
   * Coefficient rows of {@code stride} values each (the taps, then zeros up to a whole number of
   * vectors, so that the vector dot product needs no tail loop).
   */
  private final int[] coefficients;

  private final int stride;
  private final int incrementInt;
  private final int incrementFrac;

  /** Input samples as ints (what the dot product multiplies), with room for a vector's overrun. */
  private final int[] buffer;

  private final short[] out = new short[BUFFER_SAMPLES];
  private int buffered;
  private int index;
  private int frac;

  Resampler(int inputRate) {
    this.inputRate = inputRate;
    double factor = Math.min((OUTPUT_RATE * 0.8) / inputRate, 1.0);
    final int taps = Math.max((int) Math.ceil(16 / factor), 1);
    final int lanes = VectorResampler.LANES;
    final int stride = (taps + lanes - 1) / lanes * lanes;
    this.taps = taps;
    this.stride = stride;
    coefficients = TABLES.computeIfAbsent(inputRate, rate -> coefficients(rate, taps, stride));
    if (TABLES.size() > MAX_TABLES) {
      TABLES.clear(); // only a cache: a program that sees many rates recomputes some tables
    }
    buffer = new int[BUFFER_SAMPLES + stride];
    incrementInt = (inputRate * PHASES) / OUTPUT_RATE;
    incrementFrac = (inputRate * PHASES) % OUTPUT_RATE;
    reset();
  }

  int inputRate() {
    return inputRate;
  }

  /** Back to the state of a new resampler for the same rate (the table is kept). */
  void reset() {
    buffered = 0;
    index = -PHASES * ((taps - 1) / 2);
    frac = 0;
  }

  private static int[] coefficients(int inputRate, int taps, int stride) {
    double factor = Math.min((OUTPUT_RATE * 0.8) / inputRate, 1.0);
    int center = (taps - 1) / 2;
    int[] coefficients = new int[PHASES * stride];
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
        coefficients[ph * stride + i] = Math.max(-32768, Math.min(32767, c));
      }
    }
    return coefficients;
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

  /** Buffers {@code samples[offset, offset + length)}, resampling whenever the buffer fills. */
  void feed(short[] samples, int offset, int length, Sink sink) {
    final int[] buffer = this.buffer;
    while (length > 0) {
      int n = Math.min(length, BUFFER_SAMPLES - buffered);
      for (int i = 0; i < n; i++) {
        buffer[buffered + i] = samples[offset + i];
      }
      buffered += n;
      offset += n;
      length -= n;
      if (buffered == BUFFER_SAMPLES) {
        int consumed = run(BUFFER_SAMPLES, sink);
        System.arraycopy(buffer, consumed, buffer, 0, buffered - consumed);
        buffered -= consumed;
      }
    }
  }

  /** One last call on what is buffered; input it leaves is discarded, as in the library. */
  void finish(Sink sink) {
    run(BUFFER_SAMPLES, sink);
    buffered = 0;
  }

  private int run(int maxOut, Sink sink) {
    final int n = buffered;
    if (n == 0) {
      return 0;
    }
    final int[] buffer = this.buffer;
    final int[] coefficients = this.coefficients;
    final short[] out = this.out;
    final int taps = this.taps;
    final int stride = this.stride;
    final boolean vector = VectorResampler.ENABLED;
    int count = 0;
    while (count < maxOut) {
      int phase = index & 255;
      int s = index >> 8;
      int coef = phase * stride;
      int acc = 0;
      if (s < 0) {
        for (int i = 0; i < taps; i++) {
          acc += buffer[Math.abs(s + i) % n] * coefficients[coef + i];
        }
      } else if (s + taps > n) {
        break;
      } else if (vector) {
        // int32 sums wrap, so any order gives the scalar loop's value
        acc = VectorResampler.dot(buffer, s, coefficients, coef, stride);
      } else {
        for (int i = 0; i < taps; i++) {
          acc += buffer[s + i] * coefficients[coef + i];
        }
      }
      int v = (acc + 16384) >> 15;
      out[count++] = (short) Math.max(-32768, Math.min(32767, v));
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
    sink.accept(out, 0, count);
    return consumed;
  }
}
