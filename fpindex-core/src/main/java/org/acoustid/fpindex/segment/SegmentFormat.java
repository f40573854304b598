package org.acoustid.fpindex.segment;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The segment file format. All numbers little-endian; ids and hashes are unsigned 32-bit.
 *
 * <pre>
 * Segment   := Header Versions Ids Flags Pad8 Hashes Docs Metadata Footer
 * Header    := magic:u32 ("FPSG") formatVersion:u32 docCount:u32 reserved:u32
 *              postingCount:u64 minVersion:u64 maxVersion:u64 metadataBytes:u32 reserved:u32
 *              reserved:u64 reserved:u64                                  (64 bytes)
 * Versions  := u64[docCount]     version of each document's last write, in id order
 * Ids       := u32[docCount]     document ids, strictly ascending (unsigned)
 * Flags     := u8[docCount]      bit 0: tombstone (deleted; masks older segments, no postings)
 * Pad8      := zero bytes up to a multiple of 8
 * Hashes    := u32[postingCount] posting hashes, ascending (unsigned); ties by doc id ascending
 * Docs      := u32[postingCount] posting document ids, aligned with Hashes
 * Metadata  := count:u32 (keyLen:u32 keyUtf8 valueLen:u32 valueUtf8)*   full index metadata
 *              as of maxVersion
 * Footer    := crc32c:u32 of every preceding byte, then zero padding to a multiple of 8
 * </pre>
 *
 * <p>Postings are stored uncompressed (8 bytes each); {@link #VERSION_CURRENT} changes when a
 * compressed block layout replaces them.
 */
public final class SegmentFormat {
  public static final int MAGIC = 0x47535046; // "FPSG" little-endian
  public static final int VERSION_START = 1;
  public static final int VERSION_CURRENT = VERSION_START;
  public static final String EXTENSION = ".fps";

  public static final int HEADER_BYTES = 64;
  static final long OFFSET_MAGIC = 0;
  static final long OFFSET_FORMAT_VERSION = 4;
  static final long OFFSET_DOC_COUNT = 8;
  static final long OFFSET_POSTING_COUNT = 16;
  static final long OFFSET_MIN_VERSION = 24;
  static final long OFFSET_MAX_VERSION = 32;
  static final long OFFSET_METADATA_BYTES = 40;

  static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

  private SegmentFormat() {}

  static long versionsOffset() {
    return HEADER_BYTES;
  }

  static long idsOffset(int docCount) {
    return HEADER_BYTES + 8L * docCount;
  }

  static long flagsOffset(int docCount) {
    return idsOffset(docCount) + 4L * docCount;
  }

  static long hashesOffset(int docCount) {
    return pad8(flagsOffset(docCount) + docCount);
  }

  static long docsOffset(int docCount, long postingCount) {
    return hashesOffset(docCount) + 4L * postingCount;
  }

  static long metadataOffset(int docCount, long postingCount) {
    return docsOffset(docCount, postingCount) + 4L * postingCount;
  }

  static long footerOffset(int docCount, long postingCount, int metadataBytes) {
    return metadataOffset(docCount, postingCount) + metadataBytes;
  }

  static long totalBytes(int docCount, long postingCount, int metadataBytes) {
    return pad8(footerOffset(docCount, postingCount, metadataBytes) + 4);
  }

  static long pad8(long n) {
    return (n + 7) & ~7L;
  }

  /** File name of segment number {@code seq}. */
  public static String fileName(long seq) {
    return String.format("seg-%012d%s", seq, EXTENSION);
  }
}
