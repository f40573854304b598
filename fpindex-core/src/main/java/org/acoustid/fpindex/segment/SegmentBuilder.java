package org.acoustid.fpindex.segment;

import java.util.ArrayList;
import java.util.Arrays;
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
    long[] versions = new long[ids.length];
    boolean[] tombstones = new boolean[ids.length];
    long postings = 0;
    for (int i = 0; i < ids.length; i++) {
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
        long id = Integer.toUnsignedLong(insert.id());
        for (int h : insert.hashes()) {
          keys[k++] = pack(h, id);
        }
      }
    }
    return fromKeys(ids, versions, tombstones, keys, version, version, metadata);
  }

  /**
   * Merges {@code segments} (oldest first) into one. {@code masks[i]} holds the ids of segment i
   * that a newer segment supersedes; those documents and their postings are dropped. Tombstones are
   * kept unless {@code dropTombstones} (allowed only when no older segment remains).
   */
  public static SegmentData merge(
      List<Segment> segments, List<RoaringBitmap> masks, boolean dropTombstones) {
    List<int[]> docIds = new ArrayList<>();
    List<Long> docVersions = new ArrayList<>();
    List<Boolean> docTombstones = new ArrayList<>();
    long postings = 0;
    long minVersion = Long.MAX_VALUE;
    long maxVersion = 0;
    for (int s = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      RoaringBitmap mask = masks.get(s);
      minVersion = Math.min(minVersion, seg.minVersion());
      maxVersion = Math.max(maxVersion, seg.maxVersion());
      for (int i = 0; i < seg.docCount(); i++) {
        int id = seg.id(i);
        if (mask.contains(id) || (dropTombstones && seg.isTombstone(i))) {
          continue;
        }
        docIds.add(new int[] {id});
        docVersions.add(seg.version(i));
        docTombstones.add(seg.isTombstone(i));
      }
      postings += seg.postingCount();
    }
    if (postings > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "a merged segment may hold at most 2^31 postings, got " + postings);
    }
    int n = docIds.size();
    long[] docKeys = new long[n];
    for (int i = 0; i < n; i++) {
      // unsigned id in the high half, flipped so a signed sort gives unsigned order
      docKeys[i] = ((Integer.toUnsignedLong(docIds.get(i)[0]) << 32) | i) ^ Long.MIN_VALUE;
    }
    Arrays.sort(docKeys);
    for (int i = 0; i < n; i++) {
      docKeys[i] ^= Long.MIN_VALUE;
    }
    int[] ids = new int[n];
    long[] versions = new long[n];
    boolean[] tombstones = new boolean[n];
    for (int i = 0; i < n; i++) {
      int original = (int) (docKeys[i] & 0xFFFF_FFFFL);
      ids[i] = (int) (docKeys[i] >>> 32);
      versions[i] = docVersions.get(original);
      tombstones[i] = docTombstones.get(original);
    }
    long[] keys = new long[(int) postings];
    int k = 0;
    for (int s = 0; s < segments.size(); s++) {
      Segment seg = segments.get(s);
      RoaringBitmap mask = masks.get(s);
      for (long p = 0; p < seg.postingCount(); p++) {
        int doc = seg.doc(p);
        if (mask.contains(doc) == false) {
          keys[k++] = pack(seg.hash(p), Integer.toUnsignedLong(doc));
        }
      }
    }
    keys = Arrays.copyOf(keys, k);
    Map<String, String> metadata = segments.isEmpty() ? Map.of() : segments.getLast().metadata();
    return fromKeys(
        ids,
        versions,
        tombstones,
        keys,
        minVersion == Long.MAX_VALUE ? 0 : minVersion,
        maxVersion,
        metadata);
  }

  private static SegmentData fromKeys(
      int[] ids,
      long[] versions,
      boolean[] tombstones,
      long[] keys,
      long minVersion,
      long maxVersion,
      Map<String, String> metadata) {
    // sort as unsigned 64-bit: (hash, id) order
    for (int i = 0; i < keys.length; i++) {
      keys[i] ^= Long.MIN_VALUE;
    }
    Arrays.parallelSort(keys);
    int[] hashes = new int[keys.length];
    int[] docs = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      long key = keys[i] ^ Long.MIN_VALUE;
      hashes[i] = (int) (key >>> 32);
      docs[i] = (int) key;
    }
    return new SegmentData(
        ids,
        versions,
        tombstones,
        hashes,
        docs,
        minVersion,
        maxVersion,
        java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metadata)));
  }

  private static long pack(int hash, long unsignedId) {
    return (Integer.toUnsignedLong(hash) << 32) | unsignedId;
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
