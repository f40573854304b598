package org.acoustid.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Random;
import org.acoustid.chromaprint.audio.PcmAudio;
import org.acoustid.chromaprint.audio.WavDecoder;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** Bit-exactness of the pure-Java fingerprinter against the golden library and fpcalc outputs. */
@Seeded
class JavaFingerprinterTest {
  static int[] fingerprint(String audio, Algorithm algorithm, Random chunking) throws IOException {
    PcmAudio pcm = WavDecoder.read(GoldenData.dir().resolve(audio));
    JavaFingerprinter fp = new JavaFingerprinter(algorithm);
    fp.start(pcm.sampleRate(), pcm.channels());
    short[] s = pcm.samples();
    int pos = 0;
    while (pos < s.length) {
      // random chunk sizes, including ones that split a stereo frame
      int n = Math.min(s.length - pos, 1 + chunking.nextInt(9000));
      fp.feed(s, pos, n);
      pos += n;
    }
    fp.finish();
    return fp.rawFingerprint();
  }

  static void assertSameBits(int[] actual, int[] expected, String what) {
    int differing = 0;
    int first = -1;
    for (int i = 0; i < Math.min(actual.length, expected.length); i++) {
      int d = Integer.bitCount(actual[i] ^ expected[i]);
      if (d > 0 && first < 0) {
        first = i;
      }
      differing += d;
    }
    assertThat(actual.length).as("%s: item count", what).isEqualTo(expected.length);
    assertThat(differing).as("%s: differing bits (first differing item %d)", what, first).isZero();
  }

  @Test
  void everyCanonicalClipAndNoiseVariantIsBitExact(Random random) throws IOException {
    int clips = 0;
    int variants = 0;
    for (JsonNode clip : GoldenData.json("manifest.json").get("clips")) {
      String id = clip.get("id").asText();
      int[] expected = GoldenData.raw(clip.get("fpcalc_raw_json").asText());
      assertSameBits(
          fingerprint(clip.get("audio").asText(), Algorithm.TEST2, random), expected, id);
      for (JsonNode variant : clip.path("variants")) {
        String audio = variant.path("audio").asText("");
        String raw = variant.path("fpcalc_raw_json").asText("");
        if (audio.endsWith(".wav") && raw.isEmpty() == false) {
          assertSameBits(
              fingerprint(audio, Algorithm.TEST2, random),
              GoldenData.raw(raw),
              id + " " + variant.get("name").asText());
          variants++;
        }
      }
      clips++;
    }
    assertThat(clips).isEqualTo(12);
    assertThat(variants).as("WAV variants (noise20db) checked").isEqualTo(11);
  }

  @Test
  void derivedVolumeAndTrimVariantsAreBitExact(Random random) throws IOException {
    int checked = 0;
    for (JsonNode clip : GoldenData.json("manifest.json").get("clips")) {
      for (JsonNode variant : clip.path("variants")) {
        JsonNode derivation = variant.get("derivation");
        String op = derivation.path("op").asText();
        if (op.equals("shift_right") == false && op.equals("trim_start") == false) {
          continue;
        }
        PcmAudio canonical = WavDecoder.read(GoldenData.dir().resolve(clip.get("audio").asText()));
        short[] s = canonical.samples();
        short[] derived;
        if (op.equals("shift_right")) {
          derived = new short[s.length];
          for (int i = 0; i < s.length; i++) {
            derived[i] = (short) (s[i] >> derivation.get("bits").asInt());
          }
        } else {
          derived = java.util.Arrays.copyOfRange(s, derivation.get("samples").asInt(), s.length);
        }
        JavaFingerprinter fp = new JavaFingerprinter(Algorithm.TEST2);
        fp.start(11025, 1);
        int pos = 0;
        while (pos < derived.length) {
          int n = Math.min(derived.length - pos, 1 + random.nextInt(9000));
          fp.feed(derived, pos, n);
          pos += n;
        }
        fp.finish();
        assertSameBits(
            fp.rawFingerprint(),
            GoldenData.raw(variant.get("fpcalc_raw_json").asText()),
            clip.get("id").asText() + " " + variant.get("name").asText());
        checked++;
      }
    }
    assertThat(checked).as("volume and trim variants").isEqualTo(30);
  }

  @Test
  void resamplerInputsMatchTheLibraryPath(Random random) throws IOException {
    int checked = 0;
    for (JsonNode input : GoldenData.json("manifest.json").get("resampler_inputs").get("items")) {
      String name = input.get("name").asText();
      JsonNode library = GoldenData.json("fingerprints/resampler/" + name + ".library.json");
      int[] expected =
          FingerprintCodec.decodeBase64(library.get("fingerprint").asText(), true).raw();
      assertSameBits(
          fingerprint(input.get("audio").asText(), Algorithm.TEST2, random), expected, name);
      checked++;
    }
    assertThat(checked).isEqualTo(5);
  }

  @Test
  void allFiveAlgorithmsMatchTheLibrary(Random random) throws IOException {
    int checked = 0;
    for (JsonNode item : GoldenData.json("manifest.json").get("other_algorithms").get("items")) {
      JsonNode library = GoldenData.json(item.get("file").asText());
      Algorithm algorithm = Algorithm.ofId(item.get("algorithm_enum").asInt());
      DecodedFingerprint expected =
          FingerprintCodec.decodeBase64(library.get("fingerprint").asText(), true);
      assertThat(expected.algorithm()).isEqualTo(algorithm.id());
      assertSameBits(
          fingerprint(item.get("input").asText(), algorithm, random),
          expected.raw(),
          item.get("file").asText());
      checked++;
    }
    assertThat(checked).isEqualTo(10);
  }

  @Test
  void misuseGetsPreciseErrors() {
    JavaFingerprinter fp = new JavaFingerprinter(Algorithm.DEFAULT);
    assertThatThrownBy(() -> fp.feed(new short[4], 0, 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("feed before start");
    assertThatThrownBy(() -> fp.start(0, 1)).hasMessageContaining("sampleRate=0");
    assertThatThrownBy(() -> fp.start(44100, 0)).hasMessageContaining("channels=0");
    fp.start(11025, 1);
    fp.feed(new short[100], 0, 100);
    fp.finish();
    assertThat(fp.rawFingerprint()).isEmpty(); // fewer than 30031 samples give no item
  }
}
