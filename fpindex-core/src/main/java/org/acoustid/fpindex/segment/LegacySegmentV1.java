package org.acoustid.fpindex.segment;

import static org.acoustid.fpindex.segment.SegmentFormat.BYTE;
import static org.acoustid.fpindex.segment.SegmentFormat.INT;
import static org.acoustid.fpindex.segment.SegmentFormat.LONG;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import org.acoustid.fpindex.CorruptIndexException;

/**
 * Reads segments of format version 1 (postings uncompressed, 8 bytes each, as {@code Hashes :=
 * u32[postingCount] Docs := u32[postingCount]} after the document table) so that indexes written
 * before version 2 still open: {@link Segment#open} converts them in memory, and the next merge
 * writes them in the current format. The document table is that of {@link LegacySegmentV2}.
 * Stateless.
 */
final class LegacySegmentV1 {
  static final int VERSION = 1;

  private LegacySegmentV1() {}

  /** The content of a version 1 segment, after checking its sizes and checksum. */
  static SegmentData read(MemorySegment memory, Path source) throws CorruptIndexException {
    int docCount = memory.get(INT, SegmentFormat.OFFSET_DOC_COUNT);
    long postingCount = memory.get(LONG, SegmentFormat.OFFSET_POSTING_COUNT);
    int metadataBytes = memory.get(INT, SegmentFormat.OFFSET_METADATA_BYTES);
    long hashes = LegacySegmentV2.tableEnd(docCount);
    long docs = hashes + 4L * postingCount;
    long metadata = docs + 4L * postingCount;
    long footer = metadata + metadataBytes;
    if (docCount < 0
        || postingCount < 0
        || postingCount > Integer.MAX_VALUE - 16
        || metadataBytes < 0
        || SegmentFormat.pad8(footer + 4) != memory.byteSize()) {
      throw new CorruptIndexException(
          source, 8, "header sizes do not add up to the file length " + memory.byteSize());
    }
    Segment.verifyChecksum(memory, footer, source);
    int[] ids = new int[docCount];
    long[] versions = new long[docCount];
    boolean[] tombstones = new boolean[docCount];
    for (int i = 0; i < docCount; i++) {
      versions[i] = memory.get(LONG, LegacySegmentV2.versionsOffset() + 8L * i);
      ids[i] = memory.get(INT, LegacySegmentV2.idsOffset(docCount) + 4L * i);
      tombstones[i] = (memory.get(BYTE, LegacySegmentV2.flagsOffset(docCount) + i) & 1) != 0;
    }
    int[] flippedIds = ids.clone();
    for (int i = 0; i < docCount; i++) {
      flippedIds[i] ^= Integer.MIN_VALUE;
    }
    long[] postings = new long[(int) postingCount];
    for (int p = 0; p < postings.length; p++) {
      int doc = memory.get(INT, docs + 4L * p);
      int ordinal = Arrays.binarySearch(flippedIds, doc ^ Integer.MIN_VALUE);
      if (ordinal < 0) {
        throw new CorruptIndexException(
            source,
            docs + 4L * p,
            "posting of document " + Integer.toUnsignedString(doc) + " not in the document table");
      }
      postings[p] = SegmentData.posting(memory.get(INT, hashes + 4L * p), ordinal);
    }
    return new SegmentData(
        ids,
        versions,
        tombstones,
        postings,
        memory.get(LONG, SegmentFormat.OFFSET_MIN_VERSION),
        memory.get(LONG, SegmentFormat.OFFSET_MAX_VERSION),
        Segment.decodeMetadata(memory, metadata, metadataBytes, source));
  }
}
