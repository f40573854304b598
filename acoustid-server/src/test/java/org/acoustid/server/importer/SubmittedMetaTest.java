package org.acoustid.server.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The meta content gid vectors of specification §9.4. */
class SubmittedMetaTest {
  static SubmittedMeta track(String track, Integer year) {
    return new SubmittedMeta(track, null, null, null, null, null, year);
  }

  @Test
  void gidsMatchTheSpecificationVectors() {
    assertThat(track(null, null).gid()).hasToString("781f130c-a3b4-5090-a87a-816c30bed2a5");
    assertThat(track("foo", null).gid()).hasToString("454238f5-bceb-53c9-8a2c-029e79b86e26");
    assertThat(track("Foo", null).gid()).hasToString("da570fc1-ecfd-5fcd-86d7-009daa0f79e5");
    assertThat(track("lukáš", null).gid()).hasToString("9c29eeb7-47d9-5364-935a-6a36b0f3bca0");
    assertThat(track("foo", 1).gid()).hasToString("9acff514-86bf-5fcd-9253-03b8e91bc9ae");
  }

  @Test
  void canonicalJsonKeepsFieldOrderAndEscapesLikePython() {
    SubmittedMeta all = new SubmittedMeta("t\"\\\n\u0001", "a", "", "aa", 3, 0, 2001);
    assertThat(all.canonicalJson())
        .isEqualTo(
            "{\"track\":\"t\\\"\\\\\\n\\u0001\",\"artist\":\"a\",\"album_artist\":\"aa\","
                + "\"track_no\":3,\"year\":2001}");
    assertThat(track("", 0).isEmpty()).isTrue();
  }
}
