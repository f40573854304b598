package org.acoustid.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.acoustid.chromaprint.audio.AudioDecoder;
import org.acoustid.chromaprint.audio.PcmAudio;
import org.junit.jupiter.api.Test;

/**
 * The compressed variants (MP3 at 64 kbit/s and the original Ogg excerpts) decoded by ffmpeg
 * ({@code .ci/services.sh} installs it) and fingerprinted in Java, against fpcalc's output.
 */
class FfmpegVariantsTest {
  @Test
  void compressedVariantsMatchFpcalc() throws IOException {
    List<String> report = new ArrayList<>();
    int exact = 0;
    int total = 0;
    List<String[]> cases = new ArrayList<>(); // audio file, fpcalc raw output
    for (JsonNode clip : GoldenData.json("manifest.json").get("clips")) {
      for (JsonNode variant : clip.path("variants")) {
        String audio = variant.path("audio").asText("");
        if (audio.endsWith(".mp3")) {
          cases.add(new String[] {audio, variant.get("fpcalc_raw_json").asText()});
        }
      }
      String id = clip.get("id").asText();
      if (java.nio.file.Files.exists(GoldenData.dir().resolve("audio/" + id + ".orig.ogg"))) {
        cases.add(
            new String[] {
              "audio/" + id + ".orig.ogg", "fingerprints/" + id + ".orig.fpcalc.raw.json"
            });
      }
    }
    for (JsonNode input : GoldenData.json("manifest.json").get("resampler_inputs").get("items")) {
      String name = input.get("name").asText();
      cases.add(
          new String[] {
            input.get("audio").asText(), "fingerprints/resampler/" + name + ".fpcalc.raw.json"
          });
    }
    for (String[] c : cases) {
      {
        String audio = c[0];
        PcmAudio pcm =
            audio.endsWith(".wav")
                ? org.acoustid.chromaprint.audio.FfmpegDecoder.read(GoldenData.dir().resolve(audio))
                : AudioDecoder.read(GoldenData.dir().resolve(audio));
        JavaFingerprinter fp = new JavaFingerprinter(Algorithm.DEFAULT);
        fp.start(pcm.sampleRate(), pcm.channels());
        fp.feed(pcm.samples(), 0, pcm.samples().length);
        fp.finish();
        int[] expected = GoldenData.raw(c[1]);
        int[] actual = fp.rawFingerprint();
        int bits = 0;
        for (int i = 0; i < Math.min(actual.length, expected.length); i++) {
          bits += Integer.bitCount(actual[i] ^ expected[i]);
        }
        report.add(
            audio + ": " + actual.length + "/" + expected.length + " items, " + bits + " bits");
        if (bits == 0 && actual.length == expected.length) {
          exact++;
        }
        float score = FingerprintComparator.compare2(actual, expected, 80);
        assertThat(score).as(audio).isGreaterThanOrEqualTo(0.99f);
        total++;
      }
    }
    System.out.println(String.join("\n", report));
    assertThat(total).isPositive();
    assertThat(exact).as(String.join("\n", report)).isEqualTo(total);
  }
}
