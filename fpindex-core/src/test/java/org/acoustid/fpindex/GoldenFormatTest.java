package org.acoustid.fpindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.acoustid.fpindex.segment.PostingCursor;
import org.acoustid.fpindex.segment.Segment;
import org.junit.jupiter.api.Test;

/**
 * The current formats stay byte-for-byte what the checked-in golden files hold, and segments of
 * format 1 still open with the same content.
 */
class GoldenFormatTest {
  static byte[] golden(String name) throws IOException {
    try (InputStream in = GoldenFormatTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void segmentEncodingIsUnchanged() throws IOException {
    assertThat(GoldenFormatFiles.segmentBytes()).isEqualTo(golden("segment-v3.fps"));
  }

  @Test
  void walRecordEncodingIsUnchanged() throws IOException {
    assertThat(GoldenFormatFiles.walRecordBytes()).isEqualTo(golden("wal-record-v1.bin"));
    assertThat(GoldenFormatFiles.linkedWalRecordBytes())
        .isEqualTo(golden("wal-record-v1-linked.bin"));
  }

  @Test
  void goldenSegmentReadsBack() throws IOException {
    assertGoldenContent(
        Segment.open(
            MemorySegment.ofArray(golden("segment-v3.fps")), 1, Path.of("segment-v3.fps")));
  }

  @Test
  void formatTwoSegmentOpensWithTheSameContent() throws IOException {
    Segment segment =
        Segment.open(MemorySegment.ofArray(golden("segment-v2.fps")), 1, Path.of("segment-v2.fps"));
    assertGoldenContent(segment);
    // converted to exactly what the current format writes for the same commit
    assertThat(segment.memory().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
        .isEqualTo(golden("segment-v3.fps"));
  }

  @Test
  void damagedFormatTwoSegmentIsRefusedNamingTheFile() throws IOException {
    byte[] bytes = golden("segment-v2.fps");
    bytes[64 /* the first document's version, after the 64-byte header */] ^= 1;
    assertThatThrownBy(
            () -> Segment.open(MemorySegment.ofArray(bytes), 1, Path.of("segment-v2.fps")))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("segment-v2.fps")
        .hasMessageContaining("checksum mismatch");
    byte[] truncated = java.util.Arrays.copyOf(golden("segment-v2.fps"), bytes.length - 8);
    assertThatThrownBy(
            () -> Segment.open(MemorySegment.ofArray(truncated), 1, Path.of("segment-v2.fps")))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("do not add up");
  }

  @Test
  void formatOneSegmentOpensWithTheSameContent() throws IOException {
    assertGoldenContent(
        Segment.open(
            MemorySegment.ofArray(golden("segment-v1.fps")), 1, Path.of("segment-v1.fps")));
  }

  @Test
  void damagedFormatOneSegmentIsRefusedNamingTheFile() throws IOException {
    byte[] bytes = golden("segment-v1.fps");
    bytes[bytes.length - 20] ^= 1;
    assertThatThrownBy(
            () -> Segment.open(MemorySegment.ofArray(bytes), 1, Path.of("segment-v1.fps")))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("segment-v1.fps")
        .hasMessageContaining("checksum mismatch");
  }

  private static void assertGoldenContent(Segment segment) {
    assertThat(segment.docCount()).isEqualTo(3);
    assertThat(segment.id(0)).isEqualTo(1);
    assertThat(segment.id(1)).isEqualTo(42);
    assertThat(segment.isTombstone(1)).isTrue();
    assertThat(segment.id(2)).isEqualTo(0xFFFF_FFFF);
    assertThat(segment.version(2)).isEqualTo(GoldenFormatFiles.VERSION);
    assertThat(segment.postingCount()).isEqualTo(5);
    List<String> postings = new ArrayList<>();
    segment.forEachPosting((hash, ordinal) ->
        postings.add(
            Integer.toUnsignedString(hash) + "@" + Integer.toUnsignedString(segment.id(ordinal))));
    assertThat(postings)
        .containsExactly("3@4294967295", "7@1", "7@1", "2147483648@1", "4294967295@4294967295");
    PostingCursor cursor = segment.cursor();
    cursor.seek(7);
    assertThat(cursor.next()).isZero();
    assertThat(cursor.next()).isZero();
    assertThat(cursor.next()).isEqualTo(-1);
    assertThat(segment.metadata()).containsEntry("name", "golden é");
  }
}
