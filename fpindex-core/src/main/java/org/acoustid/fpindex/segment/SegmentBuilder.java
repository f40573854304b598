package org.acoustid.fpindex.segment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SetMetadata;
import org.roaringbitmap.RoaringBitmap;

/** Builds {@link SegmentData} from a commit's changes, or by merging segments. Stateless. */
public final class SegmentBuilder {
  private SegmentBuilder() {}

  /**
   * One commit as segment content: for each id the last change wins; metadata entries apply in
   * order on top of {@code metadataBefore}.
   */
  public static SegmentData fromChanges(
      List<? extends Change> changes, long version, Map<String, String> metadataBefore) {
    Map<Integer, Change> last = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>(metadataBefore);
    for (Change change : changes) {
      switch (change) {
        case Insert insert -> last.put(insert.id(), insert);
        case Delete delete -> last.put(delete.id(), delete);
        case SetMetadata set -> metadata.put(set.key(), set.value());
      }
    }
    int[] ids = last.keySet().stream().mapToInt(Integer::intValue).toArray();
    sortUnsigned(ids);
    Map<Integer, Integer> ordinals = new HashMap<>(ids.length * 2);
    long[] versions = new long[ids.length];
    boolean[] tombstones = new boolean[ids.length];
    long postings = 0;
    for (int i = 0; i < ids.length; i++) {
      ordinals.put(ids[i], i);
      versions[i] = version;
      Change c = last.get(ids[i]);
      tombstones[i] = c instanceof Delete;
      if (c instanceof Insert insert) {
        postings += insert.hashes().length;
      }
    }
    if (postings > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "one commit may hold at most 2^31 hashes, got " + postings);
    }
    long[] keys = new long[(int) postings];
    int k = 0;
    for (Change c : last.values()) {
      if (c instanceof Insert insert) {
        int ordinal = ordinals.get(insert.id());
        for (int h : insert.hashes()) {
          keys[k++] = SegmentData.posting(h, ordinal);
        }
      }
    }
    sortPostings(keys);
    return fromSortedKeys(ids, versions, tombstones, keys, version, version, metadata);
  }

  /**
   * Merges {@code segments} (oldest first) into one. {@code masks[i]} holds the ids of segment i
   * that a newer segment supersedes; those documents and their postings are dropped. Tombstones are
   * kept unless {@code dropTombstones} (allowed only when no older segment remains).
   */
  public static SegmentData merge(
      List<Segment> segments, List<RoaringBitmap> masks, boolean dropTombstones) {
    // surviving documents as (id, segment, source ordinal), then sorted by id
    long postings = 0;
    int survivors = 0;
    long minVersion = Long.MAX_VALUE;
    long maxVersion = 0;
    for (int s = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      minVersion = Math.min(minVersion, seg.minVersion());
      maxVersion = Math.max(maxVersion, seg.maxVersion());
      survivors += seg.docCount();
      postings += seg.postingCount();
    }
    if (postings > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "a merged segment may hold at most 2^31 postings, got " + postings);
    }
    long[] docKeys = new long[survivors];
    int[] sources = new int[survivors];
    int n = 0;
    for (int s = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      RoaringBitmap mask = masks.get(s);
      for (int i = 0; i < seg.docCount(); i++) {
        int id = seg.id(i);
        if (mask.contains(id) || (dropTombstones && seg.isTombstone(i))) {
          continue;
        }
        // unsigned id in the high half, flipped so a signed sort gives unsigned order
        docKeys[n] = ((Integer.toUnsignedLong(id) << 32) | n) ^ Long.MIN_VALUE;
        sources[n] = s;
        n++;
      }
    }
    docKeys = Arrays.copyOf(docKeys, n);
    // source ordinal of each surviving entry, in the order it was added
    int[] sourceOrdinals = new int[n];
    int[][] newOrdinals = new int[segments.size()][];
    for (int s = 0, e = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      RoaringBitmap mask = masks.get(s);
      newOrdinals[s] = new int[seg.docCount()];
      Arrays.fill(newOrdinals[s], -1);
      for (int i = 0; i < seg.docCount(); i++) {
        if (mask.contains(seg.id(i)) || (dropTombstones && seg.isTombstone(i))) {
          continue;
        }
        sourceOrdinals[e++] = i;
      }
    }
    Arrays.sort(docKeys);
    int[] ids = new int[n];
    long[] versions = new long[n];
    boolean[] tombstones = new boolean[n];
    for (int i = 0; i < n; i++) {
      long key = docKeys[i] ^ Long.MIN_VALUE;
      int entry = (int) (key & 0xFFFF_FFFFL);
      Segment seg = segments.get(sources[entry]);
      int ordinal = sourceOrdinals[entry];
      ids[i] = (int) (key >>> 32);
      versions[i] = seg.version(ordinal);
      tombstones[i] = seg.isTombstone(ordinal);
      newOrdinals[sources[entry]][ordinal] = i;
    }
    long[] keys = mergePostings(segments, newOrdinals, masks, postings);
    Map<String, String> metadata = segments.isEmpty() ? Map.of() : segments.getLast().metadata();
    return fromSortedKeys(
        ids,
        versions,
        tombstones,
        keys,
        minVersion == Long.MAX_VALUE ? 0 : minVersion,
        maxVersion,
        metadata);
  }

  /**
   * The postings of {@code segments} renumbered by {@code newOrdinals}, in order: a k-way merge of
   * already sorted streams, so merging needs no sort and no memory beyond the output.
   */
  private static long[] mergePostings(
      List<Segment> segments, int[][] newOrdinals, List<RoaringBitmap> masks, long upperBound) {
    long total = upperBound;
    boolean anyMasked = masks.stream().anyMatch(m -> m.isEmpty() == false);
    if (anyMasked) {
      total = 0; // count what survives first: the output is allocated exactly once
      for (int s = 0; s < segments.size(); s++) {
        PostingStream stream = new PostingStream(segments.get(s), newOrdinals[s]);
        while (stream.advance()) {
          total++;
        }
      }
    }
    long[] out = new long[(int) total];
    PostingStream[] heap = new PostingStream[segments.size()];
    int size = 0;
    for (int s = 0; s < segments.size(); s++) {
      PostingStream stream = new PostingStream(segments.get(s), newOrdinals[s]);
      if (stream.advance()) {
        heap[size++] = stream;
        siftUp(heap, size - 1);
      }
    }
    int n = 0;
    while (size > 0) {
      PostingStream top = heap[0];
      out[n++] = top.current();
      if (top.advance() == false) {
        heap[0] = heap[--size];
      }
      siftDown(heap, size);
    }
    if (n != out.length) {
      throw new IllegalStateException("merged " + n + " postings, expected " + out.length);
    }
    return out;
  }

  /** Unsigned order of the streams' current postings (hash in the high half). */
  private static boolean less(PostingStream a, PostingStream b) {
    return Long.compareUnsigned(a.current(), b.current()) < 0;
  }

  private static void siftUp(PostingStream[] heap, int i) {
    PostingStream x = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (less(x, heap[parent]) == false) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = x;
  }

  private static void siftDown(PostingStream[] heap, int size) {
    if (size == 0) {
      return;
    }
    PostingStream x = heap[0];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && less(heap[child + 1], heap[child])) {
        child++;
      }
      if (less(heap[child], x) == false) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = x;
  }

  private static SegmentData fromSortedKeys(
      int[] ids,
      long[] versions,
      boolean[] tombstones,
      long[] keys,
      long minVersion,
      long maxVersion,
      Map<String, String> metadata) {
    return new SegmentData(
        ids,
        versions,
        tombstones,
        keys,
        minVersion,
        maxVersion,
        java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metadata)));
  }

  /**
   * Sorts packed postings as unsigned 64-bit values: (hash, ordinal) order, which is (hash, id).
   */
  private static void sortPostings(long[] keys) {
    for (int i = 0; i < keys.length; i++) {
      keys[i] ^= Long.MIN_VALUE;
    }
    Arrays.parallelSort(keys);
    for (int i = 0; i < keys.length; i++) {
      keys[i] ^= Long.MIN_VALUE;
    }
  }

  static void sortUnsigned(int[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] ^= Integer.MIN_VALUE;
    }
    Arrays.sort(values);
    for (int i = 0; i < values.length; i++) {
      values[i] ^= Integer.MIN_VALUE;
    }
  }
}
