package org.acoustid.chromaprint.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading ffprobe's tag lines into submission fields. */
class AudioTagsTest {
  @Test
  void mapsCommonTagNamesAndNumbers() {
    AudioTags tags =
        AudioTags.parse(
            List.of(
                "TAG:TITLE=Lower Your Eyelids",
                "TAG:artist=M83",
                "TAG:album_artist=M83",
                "TAG:ALBUM=Before the Dawn",
                "TAG:track=3/12",
                "TAG:disc=1/2",
                "TAG:date=2004-05-01",
                "TAG:MusicBrainz Track Id=CD2E7C47-16F5-46C6-A37C-A1EB7BF599FF",
                "TAG:title=second title ignored",
                "duration=1.0"));
    assertThat(tags)
        .isEqualTo(
            new AudioTags(
                "Lower Your Eyelids",
                "M83",
                "Before the Dawn",
                "M83",
                3,
                1,
                2004,
                "cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff"));
  }

  @Test
  void dropsMalformedValues() {
    AudioTags tags =
        AudioTags.parse(
            List.of("TAG:track=A1", "TAG:musicbrainz_trackid=not-a-uuid", "TAG:artist=  "));
    assertThat(tags).isEqualTo(AudioTags.NONE);
  }
}
