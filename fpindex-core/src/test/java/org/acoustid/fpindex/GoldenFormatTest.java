package org.acoustid.fpindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.acoustid.fpindex.segment.Segment;
import org.junit.jupiter.api.Test;

/** Format version 1 stays byte-for-byte what the checked-in golden files hold. */
class GoldenFormatTest {
  static byte[] golden(String name) throws IOException {
    try (InputStream in = GoldenFormatTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void segmentEncodingIsUnchanged() throws IOException {
    assertThat(GoldenFormatFiles.segmentBytes()).isEqualTo(golden("segment-v1.fps"));
  }

  @Test
  void walRecordEncodingIsUnchanged() throws IOException {
    assertThat(GoldenFormatFiles.walRecordBytes()).isEqualTo(golden("wal-record-v1.bin"));
  }

  @Test
  void goldenSegmentReadsBack() throws IOException {
    Segment segment =
        Segment.open(MemorySegment.ofArray(golden("segment-v1.fps")), 1, Path.of("segment-v1.fps"));
    assertThat(segment.docCount()).isEqualTo(3);
    assertThat(segment.id(0)).isEqualTo(1);
    assertThat(segment.id(1)).isEqualTo(42);
    assertThat(segment.isTombstone(1)).isTrue();
    assertThat(segment.id(2)).isEqualTo(0xFFFF_FFFF);
    assertThat(segment.version(2)).isEqualTo(GoldenFormatFiles.VERSION);
    assertThat(segment.postingCount()).isEqualTo(5);
    assertThat(segment.hash(0)).isEqualTo(3);
    assertThat(segment.hash(1)).isEqualTo(7);
    assertThat(segment.hash(2)).isEqualTo(7);
    assertThat(segment.hash(4)).isEqualTo(0xFFFF_FFFF);
    assertThat(segment.doc(4)).isEqualTo(0xFFFF_FFFF);
    assertThat(segment.metadata()).containsEntry("name", "golden é");
  }
}
