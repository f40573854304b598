package org.acoustid.fpindex.segment;

import static org.acoustid.fpindex.segment.SegmentFormat.BYTE;
import static org.acoustid.fpindex.segment.SegmentFormat.INT;
import static org.acoustid.fpindex.segment.SegmentFormat.LONG;

import java.lang.foreign.Arena;
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
  private final int firstId;
  private final int idBits;
  private final long idMask;
  private final int versionBits;
  private final long versionMask;
  private final long versionsOffset;
  private final long tombstonesOffset;
  private final int blockCount;
  private final int maxRepeat;
  private final long indexOffset;
  private final long blocksOffset;
  private final long blocksDataBytes;
  private final Map<String, String> metadata;
  private final RoaringBitmap ids;
  private final RoaringBitmap liveIds;
  private final long createdNanos = System.nanoTime();

  /** Bits of the hash prefix indexed by {@link #directory}. */
  private final int directoryBits;

  /**
   * {@code directory[p]} is the number of blocks whose first key lies below the first key of hash
   * prefix {@code p} (top {@link #directoryBits} bits); it narrows the search for a hash's first
   * block to about two index entries instead of a binary search over the mapped index.
   */
  private final int[] directory;

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
    if (format != SegmentFormat.VERSION_CURRENT) {
      throw new CorruptIndexException(source, 4, "format version " + format + " is not current");
    }
    firstId = memory.get(INT, SegmentFormat.OFFSET_FIRST_ID);
    idBits = memory.get(BYTE, SegmentFormat.OFFSET_ID_BITS) & 0xFF;
    versionBits = memory.get(BYTE, SegmentFormat.OFFSET_VERSION_BITS) & 0xFF;
    if (idBits > 32 || versionBits > 64) {
      throw new CorruptIndexException(
          source,
          SegmentFormat.OFFSET_ID_BITS,
          "document table widths " + idBits + " and " + versionBits + " out of range");
    }
    idMask = PackedBits.mask(idBits);
    versionMask = PackedBits.mask(versionBits);
    docCount = memory.get(INT, SegmentFormat.OFFSET_DOC_COUNT);
    blockCount = memory.get(INT, SegmentFormat.OFFSET_BLOCK_COUNT);
    postingCount = memory.get(LONG, SegmentFormat.OFFSET_POSTING_COUNT);
    long blocksBytes = memory.get(LONG, SegmentFormat.OFFSET_BLOCKS_BYTES);
    int metadataBytes = memory.get(INT, SegmentFormat.OFFSET_METADATA_BYTES);
    maxRepeat = memory.get(INT, SegmentFormat.OFFSET_MAX_REPEAT);
    if (docCount < 0
        || maxRepeat < 0
        || (postingCount > 0 && maxRepeat == 0)
        || postingCount < 0
        || (postingCount > 0 && docCount == 0)
        || blockCount != SegmentFormat.blockCount(postingCount)
        || blocksBytes < SegmentFormat.BLOCKS_TAIL_BYTES
        || metadataBytes < 0
        || SegmentFormat.totalBytes(
                SegmentFormat.indexOffset(docCount, idBits, versionBits),
                blockCount,
                blocksBytes,
                metadataBytes)
            != memory.byteSize()) {
      throw new CorruptIndexException(
          source, 8, "header sizes do not add up to the file length " + memory.byteSize());
    }
    indexOffset = SegmentFormat.indexOffset(docCount, idBits, versionBits);
    long footer = SegmentFormat.footerOffset(indexOffset, blockCount, blocksBytes, metadataBytes);
    if (verify) {
      verifyChecksum(memory, footer, source);
    }
    minVersion = memory.get(LONG, SegmentFormat.OFFSET_MIN_VERSION);
    maxVersion = memory.get(LONG, SegmentFormat.OFFSET_MAX_VERSION);
    versionsOffset = SegmentFormat.versionsOffset(docCount, idBits);
    tombstonesOffset = SegmentFormat.tombstonesOffset(docCount, idBits, versionBits);
    blocksOffset = SegmentFormat.blocksOffset(indexOffset, blockCount);
    blocksDataBytes = blocksBytes - SegmentFormat.BLOCKS_TAIL_BYTES;
    if (verify) {
      checkBlockIndex(source, blocksBytes);
    }
    metadata =
        decodeMetadata(
            memory,
            SegmentFormat.metadataOffset(indexOffset, blockCount, blocksBytes),
            metadataBytes,
            source);
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
    directoryBits = directoryBitsFor(blockCount);
    directory = buildDirectory();
  }

  /**
   * Block offsets must ascend inside the blocks area and first keys must not descend: otherwise a
   * damaged index (that the checksum somehow missed, or a crafted file) could send decoding outside
   * the segment.
   */
  private void checkBlockIndex(Path source, long blocksBytes) throws CorruptIndexException {
    long dataEnd = blocksBytes - SegmentFormat.BLOCKS_TAIL_BYTES;
    long previousKey = 0;
    long previousOffset = -1;
    for (int b = 0; b < blockCount; b++) {
      long key = firstKey(b);
      long offset = blockOffset(b);
      boolean ok = key >= previousKey && offset > previousOffset && offset < dataEnd;
      if (ok) {
        int width = memory.get(BYTE, blocksOffset + offset) & 0xFF;
        ok = width < 64 && offset + PostingBlocks.blockBytes(blockLength(b), width) <= dataEnd;
      }
      if (ok == false) {
        throw new CorruptIndexException(
            source,
            indexOffset + (long) SegmentFormat.INDEX_ENTRY_BYTES * b,
            "posting block " + b + " index entry is out of order or out of bounds");
      }
      previousKey = key;
      previousOffset = offset;
    }
  }

  /** Checks the CRC32C stored at {@code footer} against the bytes before it. */
  static void verifyChecksum(MemorySegment memory, long footer, Path source)
      throws CorruptIndexException {
    int expected = memory.get(INT, footer);
    int actual = SegmentWriter.crc(memory, footer);
    if (expected != actual) {
      throw new CorruptIndexException(
          source,
          footer,
          "checksum mismatch: stored "
              + Integer.toHexString(expected)
              + ", computed "
              + Integer.toHexString(actual));
    }
  }

  static int directoryBitsFor(int blocks) {
    int bits = 0;
    while (bits < 22 && (2L << bits) < blocks) {
      bits++;
    }
    return bits;
  }

  private int[] buildDirectory() {
    int buckets = 1 << directoryBits;
    int[] dir = new int[buckets + 1];
    int pos = 0;
    for (int b = 0; b < buckets; b++) {
      long prefixStart = directoryBits == 0 ? 0 : (long) b << (32 - directoryBits);
      pos = lowerBlock(prefixStart * docCount, pos, blockCount);
      dir[b] = pos;
    }
    dir[buckets] = blockCount;
    return dir;
  }

  /** Opens an encoded segment, verifying its checksum; {@code source} names it in errors. */
  public static Segment open(MemorySegment memory, long seq, Path source)
      throws CorruptIndexException {
    return switch (SegmentFormat.versionOf(memory)) {
      case LegacySegmentV1.VERSION -> {
        SegmentData data = LegacySegmentV1.read(memory, source); // verifies its checksum
        yield new Segment(SegmentWriter.encode(data, Arena.ofAuto()), seq, source, false);
      }
      // verifies its checksum; the converted copy is checked like a file (block index bounds)
      case LegacySegmentV2.VERSION ->
          new Segment(LegacySegmentV2.convert(memory, source), seq, source, true);
      default -> new Segment(memory, seq, source, true); // checks magic and version itself
    };
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

  /** Bytes held for this segment: its encoded memory, block directory and id bitmaps. */
  public long residentBytes() {
    return memory.byteSize()
        + 4L * directory.length
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
    return firstId
        + (int) PackedBits.get(memory, SegmentFormat.idsOffset(), idBits, idMask, ordinal);
  }

  public long version(int ordinal) {
    return minVersion + PackedBits.get(memory, versionsOffset, versionBits, versionMask, ordinal);
  }

  public boolean isTombstone(int ordinal) {
    return (memory.get(BYTE, tombstonesOffset + (ordinal >>> 3)) & (1 << (ordinal & 7))) != 0;
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

  /**
   * The most one query hash adds to a document's score here: the largest number of postings of one
   * (hash, document), 1 when documents hold distinct hashes.
   */
  public int maxRepeat() {
    return maxRepeat;
  }

  /**
   * How many blocks from its {@link #startBlock} may hold postings of {@code hash}: a cheap
   * estimate of its document frequency (at most 128 postings per block), used to read rare hashes
   * first.
   */
  public int blockSpan(int hash, int startBlock) {
    if (blockCount == 0) {
      return 0;
    }
    // galloping from the start block: most spans are a block or two, found in its index line
    long nextHashKey = (Integer.toUnsignedLong(hash) + 1) * docCount;
    return lastBlockBelow(nextHashKey, startBlock) + 1 - startBlock;
  }

  /**
   * The last block in {@code [from, blockCount)} whose first key is below {@code key}, or {@code
   * from}.
   */
  int lastBlockBelow(long key, int from) {
    // gallop: the target is usually near
    int step = 1;
    int lo = from;
    while (lo + step < blockCount && firstKey(lo + step) < key) {
      lo += step;
      step <<= 1;
    }
    return Math.max(from, lowerBlock(key, lo, Math.min(blockCount, lo + step)) - 1);
  }

  public int blockCount() {
    return blockCount;
  }

  long firstKey(int block) {
    return memory.get(LONG, indexOffset + (long) SegmentFormat.INDEX_ENTRY_BYTES * block);
  }

  long blockOffset(int block) {
    return memory.get(LONG, indexOffset + (long) SegmentFormat.INDEX_ENTRY_BYTES * block + 8);
  }

  int blockLength(int block) {
    return block < blockCount - 1
        ? SegmentFormat.BLOCK_SIZE
        : (int) (postingCount - (long) SegmentFormat.BLOCK_SIZE * block);
  }

  /**
   * Decodes block {@code block} into {@code out} up to the first key at least {@code stopKey}
   * (included); returns how many keys were decoded.
   */
  int decodeBlockUntil(int block, long[] out, long stopKey) {
    return PostingBlocks.decodeUntil(
        memory,
        blocksOffset + blockOffset(block),
        firstKey(block),
        blockLength(block),
        out,
        stopKey);
  }

  /**
   * Decodes block {@code block}, whose keys all belong to the hash whose first key is {@code base},
   * as ordinals into {@code out} from {@code at}; returns how many.
   */
  int decodeOrdinals(int block, long base, int[] out, int at) {
    int n = blockLength(block);
    PostingBlocks.decodeOrdinals(
        memory, blocksOffset + blockOffset(block), firstKey(block), n, base, out, at);
    return n;
  }

  /** Decodes block {@code block} into {@code out}; returns the number of keys. */
  int decodeBlock(int block, long[] out) {
    int n = blockLength(block);
    PostingBlocks.decode(memory, blocksOffset + blockOffset(block), firstKey(block), n, out);
    return n;
  }

  /**
   * The block where the postings of {@code hash} may start: the last block whose first key is below
   * the hash's first key (earlier blocks hold only smaller keys), or 0.
   */
  public int startBlock(int hash) {
    return Math.max(0, blocksBelowHash(Integer.toUnsignedLong(hash)) - 1);
  }

  /**
   * {@link #startBlock} of {@code hashes[0..n)} into {@code out}, searched in lockstep: one round
   * probes every unfinished hash once, so the cache misses of different hashes (directory, block
   * index, then the first line of each start block) overlap instead of queuing one after another.
   */
  public void startBlocks(int[] hashes, int n, int[] out) {
    if (blockCount == 0) {
      java.util.Arrays.fill(out, 0, n, 0);
      return;
    }
    long[] keys = new long[n];
    int[] hi = new int[n];
    for (int i = 0; i < n; i++) {
      long hash = Integer.toUnsignedLong(hashes[i]);
      keys[i] = hash * docCount;
      if (directoryBits == 0) {
        out[i] = 0;
        hi[i] = blockCount;
      } else {
        int bucket = (int) (hash >>> (32 - directoryBits));
        out[i] = directory[bucket];
        hi[i] = directory[bucket + 1];
      }
    }
    boolean searching = true;
    while (searching) {
      searching = false;
      for (int i = 0; i < n; i++) {
        int lo = out[i];
        if (lo < hi[i]) {
          int mid = (lo + hi[i]) >>> 1;
          if (firstKey(mid) < keys[i]) {
            out[i] = mid + 1;
          } else {
            hi[i] = mid;
          }
          searching = true;
        }
      }
    }
    long touched = 0;
    for (int i = 0; i < n; i++) {
      int block = Math.max(0, out[i] - 1);
      out[i] = block;
      touched ^= touchStart(block);
    }
    touchedSink = touched;
  }

  /**
   * Loads the first {@link #TOUCH_LINES} lines from the start of block {@code block} (a block of
   * postings up to 24 bits wide, most of one of 32), which a seek decodes up to the hash's
   * postings. Called for all hashes of {@link #startBlocks} at once, so the seeks that follow one
   * by one find them in the cache instead of waiting for memory each time. A fixed number of loads:
   * a loop exit that depended on the block would mispredict and cancel the loads already issued for
   * other hashes. Returns a value of the loads.
   */
  private long touchStart(int block) {
    long at = blocksOffset + blockOffset(block);
    long last = blocksOffset + blocksDataBytes - 1;
    long touched = 0;
    for (int line = 0; line < TOUCH_LINES; line++) {
      touched ^= memory.get(BYTE, Math.min(at + ((long) line << 6), last));
    }
    return touched;
  }

  /** Cache lines of each start block that {@link #startBlocks} loads. */
  private static final int TOUCH_LINES = 6;

  /** Keeps the loads of {@link #startBlocks} from being optimised away; never read. */
  @SuppressWarnings("unused")
  private static long touchedSink;

  /**
   * The number of blocks whose first key is below the first key of {@code hash} (unsigned), found
   * within the hash's directory bucket.
   */
  private int blocksBelowHash(long hash) {
    long key = hash * docCount;
    if (directoryBits == 0) {
      return lowerBlock(key, 0, blockCount);
    }
    int bucket = (int) (hash >>> (32 - directoryBits));
    return lowerBlock(key, directory[bucket], directory[bucket + 1]);
  }

  /**
   * The number of blocks in {@code [from, to)} plus {@code from} whose first key is below {@code
   * key}.
   */
  private int lowerBlock(long key, int from, int to) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (firstKey(mid) < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A reusable reader of this segment's postings by hash; see {@link PostingCursor}. */
  public PostingCursor cursor() {
    return new PostingCursor().reset(this);
  }

  /** Receives postings in (hash, ordinal) order. */
  public interface PostingVisitor {
    void visit(int hash, int ordinal);
  }

  /** Calls {@code visitor} for every posting, in (hash, id) order. */
  public void forEachPosting(PostingVisitor visitor) {
    long[] keys = new long[SegmentFormat.BLOCK_SIZE];
    long hash = -1;
    long lo = 0;
    long hi = 0;
    for (int b = 0; b < blockCount; b++) {
      int n = decodeBlock(b, keys);
      for (int i = 0; i < n; i++) {
        long key = keys[i];
        if (key >= hi) {
          hash = key / docCount;
          lo = hash * docCount;
          hi = lo + docCount;
        }
        visitor.visit((int) hash, (int) (key - lo));
      }
    }
  }

  static Map<String, String> decodeMetadata(
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
