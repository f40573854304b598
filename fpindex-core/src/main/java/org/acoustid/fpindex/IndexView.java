package org.acoustid.fpindex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acoustid.fpindex.segment.Segment;
import org.roaringbitmap.RoaringBitmap;

/**
 * One immutable state of an index: its segments, oldest first, each with the mask of ids that a
 * newer segment supersedes, plus version, metadata and file version. Searches run on the view they
 * started with, so they never see half of a commit, checkpoint or merge. Views are replaced, never
 * changed; masks are copied on write.
 */
final class IndexView {
  final List<Segment> segments;
  final List<RoaringBitmap> masks;
  final long version;
  final Map<String, String> metadata;
  final long fileVersion;

  private IndexView(
      List<Segment> segments,
      List<RoaringBitmap> masks,
      long version,
      Map<String, String> metadata,
      long fileVersion) {
    this.segments = List.copyOf(segments);
    this.masks = List.copyOf(masks);
    this.version = version;
    this.metadata = metadata;
    this.fileVersion = fileVersion;
  }

  static IndexView empty() {
    return new IndexView(List.of(), List.of(), 0, Map.of(), 0);
  }

  /** A view of {@code segments} (oldest first) with masks computed from scratch. */
  static IndexView of(
      List<Segment> segments, long version, Map<String, String> metadata, long fileVersion) {
    RoaringBitmap[] masks = new RoaringBitmap[segments.size()];
    RoaringBitmap newer = new RoaringBitmap();
    for (int i = segments.size() - 1; i >= 0; i--) {
      RoaringBitmap ids = segments.get(i).ids();
      masks[i] = RoaringBitmap.and(ids, newer);
      newer.or(ids);
    }
    return new IndexView(segments, List.of(masks), version, metadata, fileVersion);
  }

  /**
   * This view plus one newer segment (a commit); older segments get its ids added to their masks.
   */
  IndexView withCommit(Segment segment, long newVersion, Map<String, String> newMetadata) {
    List<Segment> newSegments = new ArrayList<>(segments.size() + 1);
    List<RoaringBitmap> newMasks = new ArrayList<>(segments.size() + 1);
    RoaringBitmap added = segment.ids();
    for (int i = 0; i < segments.size(); i++) {
      RoaringBitmap mask = masks.get(i);
      if (RoaringBitmap.intersects(segments.get(i).ids(), added)) {
        mask = RoaringBitmap.or(mask, RoaringBitmap.and(segments.get(i).ids(), added));
      }
      newSegments.add(segments.get(i));
      newMasks.add(mask);
    }
    newSegments.add(segment);
    newMasks.add(new RoaringBitmap());
    return new IndexView(newSegments, newMasks, newVersion, newMetadata, fileVersion);
  }

  /**
   * This view with {@code replaced} (adjacent, by identity) swapped for {@code merged}; segments
   * added meanwhile stay.
   */
  IndexView replace(List<Segment> replaced, Segment merged, long newFileVersion) {
    Set<Segment> gone = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    gone.addAll(replaced);
    List<Segment> next = new ArrayList<>();
    boolean inserted = false;
    for (Segment s : segments) {
      if (gone.contains(s)) {
        if (inserted == false) {
          next.add(merged);
          inserted = true;
        }
      } else {
        next.add(s);
      }
    }
    if (inserted == false) {
      throw new IllegalStateException("replaced segments are not in the current view");
    }
    return of(next, version, metadata, Math.max(fileVersion, newFileVersion));
  }

  List<Segment> flushed() {
    List<Segment> out = new ArrayList<>();
    for (Segment s : segments) {
      if (s.isFlushed()) {
        out.add(s);
      }
    }
    return out;
  }

  List<Segment> unflushed() {
    List<Segment> out = new ArrayList<>();
    for (Segment s : segments) {
      if (s.isFlushed() == false) {
        out.add(s);
      }
    }
    return out;
  }

  List<RoaringBitmap> masksOf(List<Segment> subset) {
    List<RoaringBitmap> out = new ArrayList<>(subset.size());
    for (Segment s : subset) {
      int i = indexOf(s);
      out.add(masks.get(i));
    }
    return out;
  }

  private int indexOf(Segment s) {
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i) == s) {
        return i;
      }
    }
    throw new IllegalStateException("segment not in view: " + s);
  }

  long unflushedItems() {
    long items = 0;
    for (Segment s : segments) {
      if (s.isFlushed() == false) {
        items += s.postingCount() + s.docCount();
      }
    }
    return items;
  }
}
