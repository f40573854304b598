package org.acoustid.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.acoustid.testing.SharedTestData;
import org.junit.jupiter.api.Test;

/** The private matcher finds each golden clip's compressed variants among the canonical clips. */
class PrivateMatcherTest {
  static Path audio() {
    return SharedTestData.dir("chromaprint").resolve("audio");
  }

  @Test
  void mp3AndNoisyVariantsFindTheirOriginal() throws Exception {
    Path audio = audio();
    List<String> clips =
        List.of("mus_battle", "mus_elvish", "mus_knalgan", "mus_minstrels", "syn_chords");
    try (PrivateMatcher matcher = new PrivateMatcher()) {
      for (String clip : clips) {
        matcher.add(audio.resolve(clip + ".wav"));
      }
      for (String clip : clips) {
        for (String variant : new String[] {clip + ".mp3_64k.mp3", clip + ".noise20db.wav"}) {
          List<PrivateMatcher.Match> matches = matcher.identify(audio.resolve(variant));
          assertThat(matches).as(variant).isNotEmpty();
          assertThat(matches.get(0).file().getFileName().toString())
              .as(variant)
              .isEqualTo(clip + ".wav");
          assertThat(matches.get(0).score()).as(variant).isGreaterThan(0.5f);
        }
      }
    }
  }
}
