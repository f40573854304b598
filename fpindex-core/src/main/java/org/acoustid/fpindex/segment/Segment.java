package org.acoustid.fpindex.segment;

import static org.acoustid.fpindex.segment.SegmentFormat.BYTE;
import static org.acoustid.fpindex.segment.SegmentFormat.INT;
import static org.acoustid.fpindex.segment.SegmentFormat.LONG;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.acoustid.fpindex.CorruptIndexException;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable segment: documents (id, version, tombstone flag) and their (hash, id) postings, read
 * in place from a {@link MemorySegment} in the {@link SegmentFormat}, either a file loaded at open
 * (a "file segment", {@link #seq()} &gt; 0) or memory built from a commit (a "memory segment", seq
 * 0).
 *
 * <p>Thread-safe (read-only). The memory is owned by a GC-managed arena: it is released when the
 * last view referring to this segment is unreachable, so a search can never touch freed memory.
 */
public final class Segment {
  private final MemorySegment memory;
  private final long seq;
  private final int docCount;
  private final long postingCount;
  private final long minVersion;
  private final long maxVersion;
  private final long idsOffset;
  private final long flagsOffset;
  private final long hashesOffset;
  private final long docsOffset;
  private final Map<String, String> metadata;
  private final RoaringBitmap ids;
  private final RoaringBitmap liveIds;
  private final long createdNanos = System.nanoTime();

  /** Bits of the hash prefix indexed by {@link #directory}. */
  private final int directoryBits;

  /**
   * {@code directory[p]} is the first posting whose hash has the unsigned prefix {@code >= p} (top
   * {@link #directoryBits} bits); it narrows each lookup to one bucket (about 8 postings on
   * average) before the binary search, which otherwise dominates search time.
   */
  private final long[] directory;

  private Segment(MemorySegment memory, long seq, Path source, boolean verify)
      throws CorruptIndexException {
    this.memory = memory;
    this.seq = seq;
    if (memory.byteSize() < SegmentFormat.HEADER_BYTES + 8) {
      throw new CorruptIndexException(source, 0, "segment shorter than its header");
    }
    if (memory.get(INT, SegmentFormat.OFFSET_MAGIC) != SegmentFormat.MAGIC) {
      throw new CorruptIndexException(source, 0, "bad magic, not a segment file");
    }
    int format = memory.get(INT, SegmentFormat.OFFSET_FORMAT_VERSION);
    if (format < SegmentFormat.VERSION_START || format > SegmentFormat.VERSION_CURRENT) {
      throw new CorruptIndexException(
          source,
          4,
          "format version "
              + format
              + " outside ["
              + SegmentFormat.VERSION_START
              + ", "
              + SegmentFormat.VERSION_CURRENT
              + "]");
    }
    docCount = memory.get(INT, SegmentFormat.OFFSET_DOC_COUNT);
    postingCount = memory.get(LONG, SegmentFormat.OFFSET_POSTING_COUNT);
    int metadataBytes = memory.get(INT, SegmentFormat.OFFSET_METADATA_BYTES);
    if (docCount < 0
        || postingCount < 0
        || metadataBytes < 0
        || SegmentFormat.totalBytes(docCount, postingCount, metadataBytes) != memory.byteSize()) {
      throw new CorruptIndexException(
          source, 8, "header sizes do not add up to the file length " + memory.byteSize());
    }
    long footer = SegmentFormat.footerOffset(docCount, postingCount, metadataBytes);
    int expected = memory.get(INT, footer);
    int actual = verify ? SegmentWriter.crc(memory, footer) : expected;
    if (expected != actual) {
      throw new CorruptIndexException(
          source,
          footer,
          "checksum mismatch: stored "
              + Integer.toHexString(expected)
              + ", computed "
              + Integer.toHexString(actual));
    }
    minVersion = memory.get(LONG, SegmentFormat.OFFSET_MIN_VERSION);
    maxVersion = memory.get(LONG, SegmentFormat.OFFSET_MAX_VERSION);
    idsOffset = SegmentFormat.idsOffset(docCount);
    flagsOffset = SegmentFormat.flagsOffset(docCount);
    hashesOffset = SegmentFormat.hashesOffset(docCount);
    docsOffset = SegmentFormat.docsOffset(docCount, postingCount);
    metadata =
        decodeMetadata(
            memory, SegmentFormat.metadataOffset(docCount, postingCount), metadataBytes, source);
    ids = new RoaringBitmap();
    liveIds = new RoaringBitmap();
    for (int i = 0; i < docCount; i++) {
      int id = id(i);
      ids.add(id);
      if (isTombstone(i) == false) {
        liveIds.add(id);
      }
    }
    ids.runOptimize();
    liveIds.runOptimize();
    directoryBits = directoryBitsFor(postingCount);
    directory = buildDirectory();
  }

  static int directoryBitsFor(long postings) {
    int bits = 0;
    while (bits < 20 && (8L << bits) < postings) {
      bits++;
    }
    return bits;
  }

  private long[] buildDirectory() {
    int buckets = 1 << directoryBits;
    long[] dir = new long[buckets + 1];
    long pos = 0;
    for (int b = 0; b < buckets; b++) {
      int prefixStart = directoryBits == 0 ? 0 : b << (32 - directoryBits);
      pos = binarySearch(prefixStart, pos, postingCount);
      dir[b] = pos;
    }
    dir[buckets] = postingCount;
    return dir;
  }

  /** Opens an encoded segment, verifying its checksum; {@code source} names it in errors. */
  public static Segment open(MemorySegment memory, long seq, Path source)
      throws CorruptIndexException {
    return new Segment(memory, seq, source, true);
  }

  /** Wraps memory just produced by {@link SegmentWriter} (no checksum pass). */
  public static Segment wrapFresh(MemorySegment memory, long seq) {
    try {
      return new Segment(memory, seq, null, false);
    } catch (CorruptIndexException e) {
      throw new IllegalStateException("freshly written segment does not parse", e);
    }
  }

  /** The same content under another sequence number (after it was written to a file). */
  public Segment withSeq(long newSeq) {
    return wrapFresh(memory, newSeq);
  }

  /**
   * File sequence number; 0 for a memory segment not flushed yet; {@link #FLUSHED_IN_MEMORY} for a
   * flushed segment of an index without a directory.
   */
  public long seq() {
    return seq;
  }

  /** Sequence number of flushed segments of purely in-memory indexes. */
  public static final long FLUSHED_IN_MEMORY = -1;

  /** True for checkpointed (immutable, merge-eligible) segments, false for per-commit ones. */
  public boolean isFlushed() {
    return seq != 0;
  }

  public MemorySegment memory() {
    return memory;
  }

  public int docCount() {
    return docCount;
  }

  public long postingCount() {
    return postingCount;
  }

  public long minVersion() {
    return minVersion;
  }

  public long maxVersion() {
    return maxVersion;
  }

  /** Bytes held for this segment: its encoded memory, lookup directory and id bitmaps. */
  public long residentBytes() {
    return memory.byteSize()
        + 8L * directory.length
        + ids.getLongSizeInBytes()
        + liveIds.getLongSizeInBytes();
  }

  /** When this object was created (for checkpoint age). */
  public long createdNanos() {
    return createdNanos;
  }

  /** Full index metadata as of {@link #maxVersion()}. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Every id this segment mentions, tombstones included. Do not modify. */
  public RoaringBitmap ids() {
    return ids;
  }

  /** Ids of documents present (not tombstones). Do not modify. */
  public RoaringBitmap liveIds() {
    return liveIds;
  }

  public int id(int ordinal) {
    return memory.get(INT, idsOffset + 4L * ordinal);
  }

  public long version(int ordinal) {
    return memory.get(LONG, SegmentFormat.versionsOffset() + 8L * ordinal);
  }

  public boolean isTombstone(int ordinal) {
    return (memory.get(BYTE, flagsOffset + ordinal) & 1) != 0;
  }

  /** The ordinal of {@code id}, or -1. */
  public int ordinalOf(int id) {
    int lo = 0;
    int hi = docCount - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Integer.compareUnsigned(id(mid), id);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  public int hash(long posting) {
    return memory.get(INT, hashesOffset + 4L * posting);
  }

  public int doc(long posting) {
    return memory.get(INT, docsOffset + 4L * posting);
  }

  /** First posting at or after {@code from} whose hash is not below {@code hash} (unsigned). */
  public long lowerBound(int hash, long from) {
    if (directoryBits == 0) {
      return binarySearch(hash, from, postingCount);
    }
    int bucket = hash >>> (32 - directoryBits);
    return binarySearch(
        hash, Math.max(from, directory[bucket]), Math.max(from, directory[bucket + 1]));
  }

  private long binarySearch(int hash, long from, long to) {
    long lo = from;
    long hi = to;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (Integer.compareUnsigned(hash(mid), hash) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static Map<String, String> decodeMetadata(
      MemorySegment memory, long offset, int length, Path source) throws CorruptIndexException {
    Map<String, String> out = new LinkedHashMap<>();
    long end = offset + length;
    long pos = offset;
    try {
      int count = memory.get(INT, pos);
      pos += 4;
      for (int i = 0; i < count; i++) {
        String[] kv = new String[2];
        for (int k = 0; k < 2; k++) {
          int n = memory.get(INT, pos);
          pos += 4;
          if (n < 0 || pos + n > end) {
            throw new CorruptIndexException(
                source, pos, "metadata string length " + n + " overruns the block");
          }
          byte[] utf8 = memory.asSlice(pos, n).toArray(BYTE);
          kv[k] = new String(utf8, StandardCharsets.UTF_8);
          pos += n;
        }
        out.put(kv[0], kv[1]);
      }
    } catch (IndexOutOfBoundsException e) {
      throw new CorruptIndexException(source, pos, "metadata block truncated");
    }
    if (pos != end) {
      throw new CorruptIndexException(
          source, pos, "metadata block has " + (end - pos) + " trailing bytes");
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return (seq > 0 ? SegmentFormat.fileName(seq) : "memory")
        + "[docs="
        + docCount
        + ", postings="
        + postingCount
        + ", versions="
        + minVersion
        + ".."
        + maxVersion
        + "]";
  }
}
