package org.acoustid.fpindex;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.acoustid.fpindex.segment.SegmentBuilder;
import org.acoustid.fpindex.segment.SegmentData;
import org.acoustid.fpindex.segment.SegmentWriter;
import org.acoustid.fpindex.wal.WalRecord;

/**
 * Writes the golden files of the current formats under {@code src/test/resources/golden}: a segment
 * (format 3) and a log record (format 1) of a fixed commit. {@link GoldenFormatTest} checks that
 * today's code writes the same bytes and reads them back, and that the segments of formats 1 and 2
 * kept from before still read. Regenerate only with a new format version constant: {@code java -cp
 * ... org.acoustid.fpindex.GoldenFormatFiles fpindex-core/src/test/resources/golden}.
 */
public final class GoldenFormatFiles {
  private GoldenFormatFiles() {}

  /**
   * The fixed commit: ids at both ends of the unsigned range, a repeated hash, a tombstone,
   * metadata.
   */
  static List<Change> commit() {
    return List.of(
        new Insert(1, new int[] {7, 7, 0x8000_0000}),
        new Insert(0xFFFF_FFFF, new int[] {3, 0xFFFF_FFFF}),
        new Delete(42),
        new SetMetadata("name", "golden é"));
  }

  static final long VERSION = 5;

  static byte[] segmentBytes() {
    SegmentData data = SegmentBuilder.fromChanges(commit(), VERSION, Map.of());
    MemorySegment memory = SegmentWriter.encode(data, Arena.ofAuto());
    return memory.toArray(ValueLayout.JAVA_BYTE);
  }

  static byte[] walRecordBytes() {
    return WalRecord.encode(VERSION, commit());
  }

  /** A replica's record: version {@value #VERSION} following version 2, not 4. */
  static byte[] linkedWalRecordBytes() {
    return WalRecord.encode(VERSION, 2, commit());
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.write(dir.resolve("segment-v3.fps"), segmentBytes());
    Files.write(dir.resolve("wal-record-v1.bin"), walRecordBytes());
    Files.write(dir.resolve("wal-record-v1-linked.bin"), linkedWalRecordBytes());
  }
}
