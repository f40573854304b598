package org.acoustid.fpindex.segment;

import static org.acoustid.fpindex.segment.SegmentFormat.BYTE;
import static org.acoustid.fpindex.segment.SegmentFormat.INT;
import static org.acoustid.fpindex.segment.SegmentFormat.LONG;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;
import org.acoustid.fpindex.store.MemoryChunks;

/** Lays out {@link SegmentData} in the {@link SegmentFormat} in off-heap memory. Stateless. */
public final class SegmentWriter {
  private SegmentWriter() {}

  /** The encoded segment in memory owned by {@code arena}. */
  public static MemorySegment encode(SegmentData data, Arena arena) {
    byte[] metadata = encodeMetadata(data.metadata());
    int docs = data.docCount();
    long[] postings = data.postings();
    int postingCount = postings.length;
    int blockCount = SegmentFormat.blockCount(postingCount);
    byte[] widths = new byte[blockCount];
    long blocksBytes = 0;
    for (int b = 0; b < blockCount; b++) {
      int from = b * SegmentFormat.BLOCK_SIZE;
      int n = Math.min(SegmentFormat.BLOCK_SIZE, postingCount - from);
      int width = PostingBlocks.blockWidth(postings, from, n, docs);
      widths[b] = (byte) width;
      blocksBytes += PostingBlocks.blockBytes(n, width);
    }
    blocksBytes = SegmentFormat.pad8(blocksBytes + SegmentFormat.BLOCKS_TAIL_BYTES);
    Layout layout = Layout.of(data, blockCount, blocksBytes, metadata.length);
    MemorySegment out = arena.allocate(layout.totalBytes(), 8);
    writeHeaderAndDocuments(out, layout, data, postingCount, maxRepeat(postings));
    long index = layout.indexOffset();
    long blocks = SegmentFormat.blocksOffset(index, blockCount);
    long offset = 0;
    for (int b = 0; b < blockCount; b++) {
      int from = b * SegmentFormat.BLOCK_SIZE;
      int n = Math.min(SegmentFormat.BLOCK_SIZE, postingCount - from);
      out.set(
          LONG,
          index + (long) SegmentFormat.INDEX_ENTRY_BYTES * b,
          PostingBlocks.key(postings[from], docs));
      out.set(LONG, index + (long) SegmentFormat.INDEX_ENTRY_BYTES * b + 8, offset);
      offset += PostingBlocks.writeBlock(out, blocks + offset, postings, from, n, docs, widths[b]);
    }
    finish(out, layout, metadata);
    return out;
  }

  /**
   * Sizes of a segment: the document table's widths and where the block index starts.
   *
   * @param firstId the smallest id, from which ids are stored
   */
  record Layout(
      int docCount,
      int firstId,
      int idBits,
      int versionBits,
      int blockCount,
      long blocksBytes,
      int metadataBytes) {

    /** The layout of {@code data}'s documents; its postings are not looked at. */
    static Layout of(SegmentData data, int blockCount, long blocksBytes, int metadataBytes) {
      int[] ids = data.ids();
      long minVersion = data.minVersion();
      int firstId = ids.length == 0 ? 0 : ids[0];
      long idRange =
          ids.length == 0
              ? 0
              : Integer.toUnsignedLong(ids[ids.length - 1]) - Integer.toUnsignedLong(firstId);
      long versionBits = 0;
      for (long v : data.versions()) {
        versionBits |= v - minVersion; // the or has the width of the largest (unsigned) value
      }
      return new Layout(
          ids.length,
          firstId,
          PackedBits.width(idRange),
          PackedBits.width(versionBits),
          blockCount,
          blocksBytes,
          metadataBytes);
    }

    long indexOffset() {
      return SegmentFormat.indexOffset(docCount, idBits, versionBits);
    }

    long totalBytes() {
      return SegmentFormat.totalBytes(indexOffset(), blockCount, blocksBytes, metadataBytes);
    }
  }

  /** Writes the header and the document table of {@code data} into zeroed {@code out}. */
  static void writeHeaderAndDocuments(
      MemorySegment out, Layout layout, SegmentData data, long postingCount, int maxRepeat) {
    int docs = layout.docCount();
    long minVersion = data.minVersion();
    out.set(INT, SegmentFormat.OFFSET_MAGIC, SegmentFormat.MAGIC);
    out.set(INT, SegmentFormat.OFFSET_FORMAT_VERSION, SegmentFormat.VERSION_CURRENT);
    out.set(INT, SegmentFormat.OFFSET_DOC_COUNT, docs);
    out.set(INT, SegmentFormat.OFFSET_BLOCK_COUNT, layout.blockCount());
    out.set(LONG, SegmentFormat.OFFSET_POSTING_COUNT, postingCount);
    out.set(LONG, SegmentFormat.OFFSET_MIN_VERSION, minVersion);
    out.set(LONG, SegmentFormat.OFFSET_MAX_VERSION, data.maxVersion());
    out.set(INT, SegmentFormat.OFFSET_METADATA_BYTES, layout.metadataBytes());
    out.set(LONG, SegmentFormat.OFFSET_BLOCKS_BYTES, layout.blocksBytes());
    out.set(INT, SegmentFormat.OFFSET_MAX_REPEAT, maxRepeat);
    out.set(INT, SegmentFormat.OFFSET_FIRST_ID, layout.firstId());
    out.set(BYTE, SegmentFormat.OFFSET_ID_BITS, (byte) layout.idBits());
    out.set(BYTE, SegmentFormat.OFFSET_VERSION_BITS, (byte) layout.versionBits());
    long ids = SegmentFormat.idsOffset();
    long versions = SegmentFormat.versionsOffset(docs, layout.idBits());
    long tombstones = SegmentFormat.tombstonesOffset(docs, layout.idBits(), layout.versionBits());
    for (int i = 0; i < docs; i++) {
      PackedBits.set(out, ids, layout.idBits(), i, data.ids()[i] - layout.firstId());
      PackedBits.set(out, versions, layout.versionBits(), i, data.versions()[i] - minVersion);
      if (data.tombstones()[i]) {
        PackedBits.set(out, tombstones, 1, i, 1);
      }
    }
  }

  /** Writes the metadata after the blocks and the footer's checksum. */
  static void finish(MemorySegment out, Layout layout, byte[] metadata) {
    long indexOffset = layout.indexOffset();
    MemorySegment.copy(
        metadata,
        0,
        out,
        BYTE,
        SegmentFormat.metadataOffset(indexOffset, layout.blockCount(), layout.blocksBytes()),
        metadata.length);
    long footer =
        SegmentFormat.footerOffset(
            indexOffset, layout.blockCount(), layout.blocksBytes(), metadata.length);
    out.set(INT, footer, crc(out, footer));
  }

  /** The longest run of one posting (a hash repeated in one document). */
  static int maxRepeat(long[] postings) {
    int max = postings.length == 0 ? 0 : 1;
    int run = 1;
    for (int i = 1; i < postings.length; i++) {
      run = postings[i] == postings[i - 1] ? run + 1 : 1;
      max = Math.max(max, run);
    }
    return max;
  }

  static int crc(MemorySegment segment, long length) {
    CRC32C crc = new CRC32C();
    try {
      MemoryChunks.forEach(segment, length, crc::update);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the consumer does no I/O
    }
    return (int) crc.getValue();
  }

  static byte[] encodeMetadata(Map<String, String> metadata) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      ByteBuffer le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      out.write(le.putInt(0, metadata.size()).array());
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        for (String s : new String[] {e.getKey(), e.getValue()}) {
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
          out.write(le.putInt(0, utf8.length).array());
          out.write(utf8);
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
