package org.acoustid.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.acoustid.chromaprint.audio.PcmAudio;
import org.acoustid.chromaprint.audio.WavDecoder;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/**
 * The Vector API spectrum equals the scalar one bit for bit, so a fingerprint does not depend on
 * the JVM's flags or the machine's vector width.
 */
@Seeded
class SpectrumTest {
  private static void assertSamePower(short[] frame, int size, String what) {
    Spectrum scalar = new Spectrum(size, false);
    Spectrum vector = new Spectrum(size, true);
    double[] a = new double[12];
    double[] b = new double[12];
    scalar.chroma(frame, a);
    vector.chroma(frame, b);
    for (int k = scalar.minBin(); k < scalar.maxBin(); k++) {
      assertThat(Double.doubleToLongBits(vector.power()[k]))
          .as("%s: power bin %d (%s vs %s)", what, k, vector.power()[k], scalar.power()[k])
          .isEqualTo(Double.doubleToLongBits(scalar.power()[k]));
    }
    assertThat(b).as(what).isEqualTo(a);
  }

  @Test
  void chromaAddsEachBandsBinsInAscendingOrder(Random random) {
    for (int size : new int[] {4096, 2048}) {
      Spectrum spectrum = new Spectrum(size, false);
      short[] frame = new short[size];
      for (int i = 0; i < size; i++) {
        frame[i] = (short) (random.nextInt(65536) - 32768);
      }
      double[] chroma = new double[12];
      spectrum.chroma(frame, chroma);
      double[] expected = new double[12]; // chromaprint.md 6.3, literally
      for (int k = spectrum.minBin(); k < spectrum.maxBin(); k++) {
        double octave = Math.log(k * 11025.0 / size / 27.5) / Math.log(2.0);
        expected[(int) (12 * (octave - Math.floor(octave)))] += spectrum.power()[k];
      }
      assertThat(chroma).as("size=%d", size).isEqualTo(expected);
    }
  }

  @Test
  void vectorAndScalarPowerSpectraAreIdentical(Random random) throws IOException {
    assumeTrue(Spectrum.VECTOR, "512-bit double vectors not available");
    for (int size : new int[] {4096, 2048}) {
      for (int trial = 0; trial < 20; trial++) {
        short[] frame = new short[size];
        int amplitude = trial == 0 ? 32768 : 1 + random.nextInt(32768);
        for (int i = 0; i < size; i++) {
          frame[i] = (short) (random.nextInt(2 * amplitude) - amplitude);
        }
        if (trial == 1) {
          Arrays.fill(frame, (short) 0); // silence: zeros of either sign
        }
        assertSamePower(frame, size, "random size=" + size + " trial=" + trial);
      }
      PcmAudio clip =
          WavDecoder.read(
              GoldenData.dir()
                  .resolve(
                      GoldenData.json("manifest.json").get("clips").get(0).get("audio").asText()));
      short[] s = clip.samples();
      for (int start = 0; start + size <= s.length; start += 50 * 1365) {
        assertSamePower(
            Arrays.copyOfRange(s, start, start + size), size, "clip size=" + size + " at " + start);
      }
    }
  }
}
