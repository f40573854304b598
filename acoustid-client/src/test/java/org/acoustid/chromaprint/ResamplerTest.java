package org.acoustid.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** The resampler's vector dot product wraps exactly like the scalar int loop. */
@Seeded
class ResamplerTest {
  @Test
  void vectorDotProductEqualsTheScalarLoopIncludingOverflow(Random random) {
    assumeTrue(VectorResampler.ENABLED, "Vector API not present");
    int lanes = VectorResampler.LANES;
    for (int trial = 0; trial < 200; trial++) {
      int length = lanes * (1 + random.nextInt(120)); // up to the 1815 taps of 1 MHz input
      int[] buffer = new int[length + 7];
      int[] coefficients = new int[length + 5];
      boolean extreme = trial % 4 == 0; // all products near 2^30: the sum wraps many times
      for (int i = 0; i < buffer.length; i++) {
        buffer[i] = extreme ? -32768 : random.nextInt(65536) - 32768;
      }
      for (int i = 0; i < coefficients.length; i++) {
        coefficients[i] = extreme ? -32768 : random.nextInt(65536) - 32768;
      }
      int from = random.nextInt(8);
      int row = random.nextInt(6);
      int expected = 0;
      for (int i = 0; i < length; i++) {
        expected += buffer[from + i] * coefficients[row + i];
      }
      assertThat(VectorResampler.dot(buffer, from, coefficients, row, length))
          .as("trial %d length %d", trial, length)
          .isEqualTo(expected);
    }
  }
}
