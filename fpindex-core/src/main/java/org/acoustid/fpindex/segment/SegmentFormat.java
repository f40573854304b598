package org.acoustid.fpindex.segment;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The segment file format, version 3. All numbers little-endian; ids and hashes are unsigned
 * 32-bit.
 *
 * <pre>
 * Segment    := Header DocTable BlockIndex Blocks Metadata Footer
 * Header     := magic:u32 ("FPSG") formatVersion:u32 docCount:u32 blockCount:u32
 *               postingCount:u64 minVersion:u64 maxVersion:u64 metadataBytes:u32 maxRepeat:u32
 *               blocksBytes:u64 firstId:u32 idBits:u8 versionBits:u8 reserved:u16     (64 bytes)
 * DocTable   := Ids Pad8 Versions Pad8 Tombstones Pad8 zero:u8[8]
 * Ids        := (id - firstId):bits(idBits)[docCount]     ids strictly ascending (unsigned)
 * Versions   := (version - minVersion):bits(versionBits)[docCount]   each document's last write
 * Tombstones := bit[docCount]     1: deleted (masks older segments, no postings)
 * BlockIndex := (firstKey:u64 offset:u64)[blockCount]   offset of the block within Blocks
 * Blocks     := Block[blockCount] zero:u8[8], then zero padding to a multiple of 8  (blocksBytes)
 * Block      := width:u8 delta:bits(width)[n - 1], packed LSB first, padded to a whole byte
 * Metadata   := count:u32 (keyLen:u32 keyUtf8 valueLen:u32 valueUtf8)*   full index metadata
 *               as of maxVersion
 * Footer     := crc32c:u32 of every preceding byte, then zero padding to a multiple of 8
 * </pre>
 *
 * <p>Bit arrays are packed least significant bit first; {@code idBits} and {@code versionBits} are
 * the widths of the largest value stored (0 when all are equal), so a segment of dense ids written
 * in a few commits spends about 6 bytes per document instead of 13. Pad8 is zero padding to a
 * multiple of 8; the eight zero bytes after the table (and after the blocks) let readers load any
 * packed value with one unaligned 64-bit read.
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
 * block are one repeated key).
 *
 * <p>Version 2 had the same blocks after a fixed-width document table ({@code Versions :=
 * u64[docCount] Ids := u32[docCount] Flags := u8[docCount] Pad8}, reserved header bytes); version 1
 * stored postings uncompressed ({@code Hashes := u32[postingCount] Docs := u32[postingCount]})
 * after that table. {@link LegacySegmentV2} and {@link LegacySegmentV1} convert them to the current
 * format when they are opened.
 */
public final class SegmentFormat {
  public static final int MAGIC = 0x47535046; // "FPSG" little-endian
  public static final int VERSION_START = 1;
  public static final int VERSION_CURRENT = 3;
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
  static final long OFFSET_FIRST_ID = 56;
  static final long OFFSET_ID_BITS = 60;
  static final long OFFSET_VERSION_BITS = 61;

  /** Zero bytes after the document table, so a 64-bit read at any packed value stays inside. */
  static final int DOC_TABLE_TAIL_BYTES = 8;

  static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

  private SegmentFormat() {}

  /** The format version of an encoded segment, or -1 when it is too short or lacks the magic. */
  static int versionOf(MemorySegment memory) {
    if (memory.byteSize() < HEADER_BYTES + 8 || memory.get(INT, OFFSET_MAGIC) != MAGIC) {
      return -1;
    }
    return memory.get(INT, OFFSET_FORMAT_VERSION);
  }

  /** Bytes of {@code count} values of {@code bits} bits, padded to a multiple of 8. */
  static long packedBytes(int count, int bits) {
    return pad8(((long) count * bits + 7) >>> 3);
  }

  static long idsOffset() {
    return HEADER_BYTES;
  }

  static long versionsOffset(int docCount, int idBits) {
    return idsOffset() + packedBytes(docCount, idBits);
  }

  static long tombstonesOffset(int docCount, int idBits, int versionBits) {
    return versionsOffset(docCount, idBits) + packedBytes(docCount, versionBits);
  }

  /** End of the document table: where the block index starts. */
  static long indexOffset(int docCount, int idBits, int versionBits) {
    return tombstonesOffset(docCount, idBits, versionBits)
        + packedBytes(docCount, 1)
        + DOC_TABLE_TAIL_BYTES;
  }

  static long blocksOffset(long indexOffset, int blockCount) {
    return indexOffset + (long) INDEX_ENTRY_BYTES * blockCount;
  }

  static long metadataOffset(long indexOffset, int blockCount, long blocksBytes) {
    return blocksOffset(indexOffset, blockCount) + blocksBytes;
  }

  static long footerOffset(long indexOffset, int blockCount, long blocksBytes, int metadataBytes) {
    return metadataOffset(indexOffset, blockCount, blocksBytes) + metadataBytes;
  }

  static long totalBytes(long indexOffset, int blockCount, long blocksBytes, int metadataBytes) {
    return pad8(footerOffset(indexOffset, blockCount, blocksBytes, metadataBytes) + 4);
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
