package org.acoustid.chromaprint.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.acoustid.chromaprint.Algorithm;
import org.acoustid.chromaprint.JavaFingerprinter;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/**
 * The binding against the installed libchromaprint ({@code .ci/services.sh} installs
 * libchromaprint1), and the pure-Java engine against the binding on the same PCM.
 */
@Seeded
class NativeChromaprintTest {
  static short[] music(Random random, int samples, int channels) {
    short[] pcm = new short[samples * channels];
    double phase = 0;
    for (int i = 0; i < samples; i++) {
      double freq = 220 + 440 * ((i / 5000) % 7) / 7.0; // a note every ~0.1 s
      phase += 2 * Math.PI * freq / 44100;
      short v = (short) (8000 * Math.sin(phase) + random.nextGaussian() * 300);
      for (int c = 0; c < channels; c++) {
        pcm[i * channels + c] = (short) (v + c * 37);
      }
    }
    return pcm;
  }

  @Test
  void pureJavaEqualsTheLibraryOnTheSamePcm(Random random) {
    short[] pcm = music(random, 44100 * 12, 2);
    try (NativeChromaprint lib = new NativeChromaprint(Algorithm.DEFAULT)) {
      JavaFingerprinter java = new JavaFingerprinter(Algorithm.DEFAULT);
      lib.start(44100, 2);
      java.start(44100, 2);
      int pos = 0;
      while (pos < pcm.length) {
        int n = Math.min(pcm.length - pos, 1 + random.nextInt(7001)); // odd sizes split frames
        lib.feed(pcm, pos, n);
        java.feed(pcm, pos, n);
        pos += n;
      }
      lib.finish();
      java.finish();
      assertThat(lib.rawFingerprint()).isNotEmpty().isEqualTo(java.rawFingerprint());
      assertThat(lib.fingerprint()).isEqualTo(java.fingerprint());
      assertThat(lib.simhash()).isEqualTo(java.simhash());
    }
  }

  @Test
  void misuseIsRefusedBeforeItReachesTheLibrary() {
    assertThat(NativeChromaprint.version()).matches("\\d+\\.\\d+\\.\\d+");
    NativeChromaprint lib = new NativeChromaprint(Algorithm.DEFAULT);
    assertThatThrownBy(() -> lib.feed(new short[2], 0, 2)).hasMessage("feed before start");
    assertThatThrownBy(() -> lib.start(1000, 1)).hasMessageContaining("sampleRate=1000");
    lib.close();
    lib.close();
    assertThatThrownBy(() -> lib.start(44100, 1)).hasMessage("NativeChromaprint is closed");
  }
}
