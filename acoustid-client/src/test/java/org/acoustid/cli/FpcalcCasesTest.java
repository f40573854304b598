package org.acoustid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.acoustid.chromaprint.audio.PcmAudio;
import org.acoustid.chromaprint.audio.WavDecoder;
import org.junit.jupiter.api.Test;

/**
 * The fpcalc command lines of {@code cli/cases.json}, stdout byte for byte. Where Debian's fpcalc
 * reports its end-of-file error and exits 3, this fpcalc must exit 0 with nothing on stderr; every
 * other error keeps its text and exit code.
 */
class FpcalcCasesTest {
  static final String EOF_ERROR = "ERROR: Error decoding audio frame (End of file)\n";

  record Result(int code, String stdout, String stderr) {}

  static Result run(Path dir, String[] args, byte[] stdin) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] resolved = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      resolved[i] =
          args[i].endsWith(".wav") && args[i].startsWith("/") == false
              ? dir.resolve(args[i]).toString()
              : args[i];
    }
    int code =
        new Fpcalc(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin))
            .run(resolved);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyCaseMatches() throws Exception {
    Path root = org.acoustid.chromaprint.GoldenDataAccess.dir();
    JsonNode cases =
        new ObjectMapper().readTree(root.resolve("cli/cases.json").toFile()).get("cases");
    Path audio = root.resolve("audio");
    java.util.Map<String, JsonNode> byName = new java.util.HashMap<>();
    cases.forEach(c -> byName.put(c.get("name").asText(), c));
    int checked = 0;
    List<String> skipped = new ArrayList<>();
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      String command = c.get("command").asText();
      if (command.contains("(") || name.equals("version") || name.equals("short_audio")) {
        skipped.add(
            name); // inputs described in words (generated signals, stdin, /dev/null) or our own
        // version text
        continue;
      }
      String[] words = command.split(" ");
      String[] args = java.util.Arrays.copyOfRange(words, 1, words.length);
      Result r = run(audio, args, new byte[0]);
      String expectedErr = c.get("stderr").asText().replace(EOF_ERROR, "");
      int expectedCode = c.get("exit_code").asInt() == 3 ? 0 : c.get("exit_code").asInt();
      // Debian's fpcalc stops after the first file because of its end-of-file error; this one
      // goes on, so it prints what Debian's prints with -ignore-errors
      JsonNode reference = byName.getOrDefault(name + "_ignore", c);
      assertThat(r.stdout()).as(name).isEqualTo(reference.get("stdout").asText());
      assertThat(r.stderr()).as(name).isEqualTo(expectedErr);
      assertThat(r.code()).as(name).isEqualTo(expectedCode);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(26);
    assertThat(skipped)
        .containsExactlyInAnyOrder(
            "version", "stdin_s16le", "short_audio", "too_short_2s", "short_3s");
  }

  @Test
  void rawPcmOnStdinMatchesTheFile() throws Exception {
    Path root = org.acoustid.chromaprint.GoldenDataAccess.dir();
    PcmAudio pcm = WavDecoder.read(root.resolve("audio/mus_battle.wav"));
    byte[] bytes = new byte[pcm.samples().length * 2];
    java.nio.ByteBuffer.wrap(bytes)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .asShortBuffer()
        .put(pcm.samples());
    Result r =
        run(
            root,
            new String[] {"-json", "-format", "s16le", "-rate", "11025", "-channels", "1", "-"},
            bytes);
    Result file = run(root.resolve("audio"), new String[] {"-json", "mus_battle.wav"}, new byte[0]);
    assertThat(r.code()).isZero();
    assertThat(r.stdout())
        .startsWith("{\"duration\": 0.00, ")
        .isEqualTo(file.stdout().replace("29.99", "0.00"));
    assertThat(Files.exists(root)).isTrue();
  }
}
