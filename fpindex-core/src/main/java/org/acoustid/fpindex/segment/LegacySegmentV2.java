package org.acoustid.fpindex.segment;

import static org.acoustid.fpindex.segment.SegmentFormat.BYTE;
import static org.acoustid.fpindex.segment.SegmentFormat.INT;
import static org.acoustid.fpindex.segment.SegmentFormat.LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import org.acoustid.fpindex.CorruptIndexException;

/**
 * Reads segments of format version 2 (the current posting blocks after a fixed-width document
 * table: {@code Versions := u64[docCount] Ids := u32[docCount] Flags := u8[docCount] Pad8}) so that
 * indexes written before version 3 still open: {@link Segment#open} converts them in memory,
 * copying the block index and blocks as they are, and the next merge writes them in the current
 * format. Also the layout of that document table, which version 1 shares. Stateless.
 */
final class LegacySegmentV2 {
  static final int VERSION = 2;

  private LegacySegmentV2() {}

  static long versionsOffset() {
    return SegmentFormat.HEADER_BYTES;
  }

  static long idsOffset(int docCount) {
    return SegmentFormat.HEADER_BYTES + 8L * docCount;
  }

  static long flagsOffset(int docCount) {
    return idsOffset(docCount) + 4L * docCount;
  }

  /** End of the fixed-width document table, padded: where postings start in versions 1 and 2. */
  static long tableEnd(int docCount) {
    return SegmentFormat.pad8(flagsOffset(docCount) + docCount);
  }

  /** The segment in the current format, after checking the version 2 sizes and checksum. */
  static MemorySegment convert(MemorySegment memory, Path source) throws CorruptIndexException {
    int docCount = memory.get(INT, SegmentFormat.OFFSET_DOC_COUNT);
    int blockCount = memory.get(INT, SegmentFormat.OFFSET_BLOCK_COUNT);
    long postingCount = memory.get(LONG, SegmentFormat.OFFSET_POSTING_COUNT);
    long blocksBytes = memory.get(LONG, SegmentFormat.OFFSET_BLOCKS_BYTES);
    int metadataBytes = memory.get(INT, SegmentFormat.OFFSET_METADATA_BYTES);
    int maxRepeat = memory.get(INT, SegmentFormat.OFFSET_MAX_REPEAT);
    long minVersion = memory.get(LONG, SegmentFormat.OFFSET_MIN_VERSION);
    long maxVersion = memory.get(LONG, SegmentFormat.OFFSET_MAX_VERSION);
    long index = docCount < 0 ? -1 : tableEnd(docCount);
    long indexAndBlocks = (long) SegmentFormat.INDEX_ENTRY_BYTES * blockCount + blocksBytes;
    if (docCount < 0
        || postingCount < 0
        || blockCount != SegmentFormat.blockCount(postingCount)
        || blocksBytes < SegmentFormat.BLOCKS_TAIL_BYTES
        || metadataBytes < 0
        || SegmentFormat.pad8(index + indexAndBlocks + metadataBytes + 4) != memory.byteSize()) {
      throw new CorruptIndexException(
          source, 8, "header sizes do not add up to the file length " + memory.byteSize());
    }
    Segment.verifyChecksum(memory, index + indexAndBlocks + metadataBytes, source);
    int[] ids = new int[docCount];
    long[] versions = new long[docCount];
    boolean[] tombstones = new boolean[docCount];
    for (int i = 0; i < docCount; i++) {
      versions[i] = memory.get(LONG, versionsOffset() + 8L * i);
      ids[i] = memory.get(INT, idsOffset(docCount) + 4L * i);
      tombstones[i] = (memory.get(BYTE, flagsOffset(docCount) + i) & 1) != 0;
    }
    SegmentData documents =
        new SegmentData(ids, versions, tombstones, new long[0], minVersion, maxVersion, Map.of());
    SegmentWriter.Layout layout =
        SegmentWriter.Layout.of(documents, blockCount, blocksBytes, metadataBytes);
    MemorySegment out = Arena.ofAuto().allocate(layout.totalBytes(), 8);
    SegmentWriter.writeHeaderAndDocuments(out, layout, documents, postingCount, maxRepeat);
    MemorySegment.copy(memory, index, out, layout.indexOffset(), indexAndBlocks);
    byte[] metadata =
        memory.asSlice(index + indexAndBlocks, metadataBytes).toArray(SegmentFormat.BYTE);
    SegmentWriter.finish(out, layout, metadata);
    return out;
  }
}
