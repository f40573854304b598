package org.acoustid.fpindex.segment;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The segment file format, version 2. All numbers little-endian; ids and hashes are unsigned
 * 32-bit.
 *
 * <pre>
 * Segment    := Header Versions Ids Flags Pad8 BlockIndex Blocks Metadata Footer
 * Header     := magic:u32 ("FPSG") formatVersion:u32 docCount:u32 blockCount:u32
 *               postingCount:u64 minVersion:u64 maxVersion:u64 metadataBytes:u32 maxRepeat:u32
 *               blocksBytes:u64 reserved:u64                                   (64 bytes)
 * Versions   := u64[docCount]     version of each document's last write, in id order
 * Ids        := u32[docCount]     document ids, strictly ascending (unsigned)
 * Flags      := u8[docCount]      bit 0: tombstone (deleted; masks older segments, no postings)
 * Pad8       := zero bytes up to a multiple of 8
 * BlockIndex := (firstKey:u64 offset:u64)[blockCount]   offset of the block within Blocks
 * Blocks     := Block[blockCount] zero:u8[8], then zero padding to a multiple of 8  (blocksBytes)
 * Block      := width:u8 delta:bits(width)[n - 1], packed LSB first, padded to a whole byte
 * Metadata   := count:u32 (keyLen:u32 keyUtf8 valueLen:u32 valueUtf8)*   full index metadata
 *               as of maxVersion
 * Footer     := crc32c:u32 of every preceding byte, then zero padding to a multiple of 8
 * </pre>
 *
 * <p>{@code maxRepeat} is the largest number of postings one document has for one hash (0 without
 * postings): what one query hash can add to a document's score, which bounds the scores that
 * searches can skip.
 *
 * <p>A posting (hash, document) is stored as the key {@code hash * docCount + ordinal}, where the
 * ordinal is the document's position in Ids: keys ascend in (hash, id) order and a hash's postings
 * are the keys in {@code [hash * docCount, (hash + 1) * docCount)}, so a search finds them without
 * a term dictionary and counts into an array indexed by ordinal. Keys are cut into blocks of {@link
 * #BLOCK_SIZE} (the last may be shorter); the index holds each block's first key, the block the
 * {@code n - 1} following gaps bit-packed at the width of the largest (0 when all postings of the
 * block are one repeated key). The eight zero bytes after the last block let readers load any
 * packed value with one unaligned 64-bit read.
 *
 * <p>Version 1 stored postings uncompressed as {@code Hashes := u32[postingCount]} and {@code Docs
 * := u32[postingCount]} (document ids) after Pad8, 8 bytes per posting; {@link LegacySegmentV1}
 * converts such files to the current format when they are opened.
 */
public final class SegmentFormat {
  public static final int MAGIC = 0x47535046; // "FPSG" little-endian
  public static final int VERSION_START = 1;
  public static final int VERSION_CURRENT = 2;
  public static final String EXTENSION = ".fps";

  /** Postings per block; every block but the last holds exactly this many. */
  public static final int BLOCK_SIZE = 128;

  /** Bytes of one block index entry (first key, offset). */
  static final int INDEX_ENTRY_BYTES = 16;

  /** Zero bytes after the last block, so a 64-bit read at any packed value stays inside. */
  static final int BLOCKS_TAIL_BYTES = 8;

  public static final int HEADER_BYTES = 64;
  static final long OFFSET_MAGIC = 0;
  static final long OFFSET_FORMAT_VERSION = 4;
  static final long OFFSET_DOC_COUNT = 8;
  static final long OFFSET_BLOCK_COUNT = 12;
  static final long OFFSET_POSTING_COUNT = 16;
  static final long OFFSET_MIN_VERSION = 24;
  static final long OFFSET_MAX_VERSION = 32;
  static final long OFFSET_METADATA_BYTES = 40;
  static final long OFFSET_MAX_REPEAT = 44;
  static final long OFFSET_BLOCKS_BYTES = 48;

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

  /** End of the document table, padded: where postings start in every format version. */
  static long postingsOffset(int docCount) {
    return pad8(flagsOffset(docCount) + docCount);
  }

  static long blocksOffset(int docCount, int blockCount) {
    return postingsOffset(docCount) + (long) INDEX_ENTRY_BYTES * blockCount;
  }

  static long metadataOffset(int docCount, int blockCount, long blocksBytes) {
    return blocksOffset(docCount, blockCount) + blocksBytes;
  }

  static long footerOffset(int docCount, int blockCount, long blocksBytes, int metadataBytes) {
    return metadataOffset(docCount, blockCount, blocksBytes) + metadataBytes;
  }

  static long totalBytes(int docCount, int blockCount, long blocksBytes, int metadataBytes) {
    return pad8(footerOffset(docCount, blockCount, blocksBytes, metadataBytes) + 4);
  }

  static int blockCount(long postingCount) {
    return (int) ((postingCount + BLOCK_SIZE - 1) / BLOCK_SIZE);
  }

  static long pad8(long n) {
    return (n + 7) & ~7L;
  }

  /** File name of segment number {@code seq}. */
  public static String fileName(long seq) {
    return String.format("seg-%012d%s", seq, EXTENSION);
  }
}
