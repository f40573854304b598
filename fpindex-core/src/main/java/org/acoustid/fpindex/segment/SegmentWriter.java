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

/** Lays out {@link SegmentData} in the {@link SegmentFormat} in off-heap memory. Stateless. */
public final class SegmentWriter {
  private SegmentWriter() {}

  /** The encoded segment in memory owned by {@code arena}. */
  public static MemorySegment encode(SegmentData data, Arena arena) {
    byte[] metadata = encodeMetadata(data.metadata());
    int docs = data.docCount();
    long postings = data.postingCount();
    long total = SegmentFormat.totalBytes(docs, postings, metadata.length);
    MemorySegment out = arena.allocate(total, 8);
    out.set(INT, SegmentFormat.OFFSET_MAGIC, SegmentFormat.MAGIC);
    out.set(INT, SegmentFormat.OFFSET_FORMAT_VERSION, SegmentFormat.VERSION_CURRENT);
    out.set(INT, SegmentFormat.OFFSET_DOC_COUNT, docs);
    out.set(LONG, SegmentFormat.OFFSET_POSTING_COUNT, postings);
    out.set(LONG, SegmentFormat.OFFSET_MIN_VERSION, data.minVersion());
    out.set(LONG, SegmentFormat.OFFSET_MAX_VERSION, data.maxVersion());
    out.set(INT, SegmentFormat.OFFSET_METADATA_BYTES, metadata.length);
    long versions = SegmentFormat.versionsOffset();
    long ids = SegmentFormat.idsOffset(docs);
    long flags = SegmentFormat.flagsOffset(docs);
    for (int i = 0; i < docs; i++) {
      out.set(LONG, versions + 8L * i, data.versions()[i]);
      out.set(INT, ids + 4L * i, data.ids()[i]);
      out.set(BYTE, flags + i, data.tombstones()[i] ? (byte) 1 : 0);
    }
    MemorySegment.copy(
        data.postingHashes(), 0, out, INT, SegmentFormat.hashesOffset(docs), (int) postings);
    MemorySegment.copy(
        data.postingDocs(), 0, out, INT, SegmentFormat.docsOffset(docs, postings), (int) postings);
    MemorySegment.copy(
        metadata, 0, out, BYTE, SegmentFormat.metadataOffset(docs, postings), metadata.length);
    long footer = SegmentFormat.footerOffset(docs, postings, metadata.length);
    out.set(INT, footer, crc(out, footer));
    return out;
  }

  static int crc(MemorySegment segment, long length) {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = segment.asSlice(0, length).asByteBuffer();
    crc.update(buffer);
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
