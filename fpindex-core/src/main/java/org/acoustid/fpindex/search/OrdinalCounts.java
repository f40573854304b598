package org.acoustid.fpindex.search;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.acoustid.fpindex.segment.PostingCursor;
import org.acoustid.fpindex.segment.SegmentFormat;

/**
 * Hit counts of one search in one segment, in an array indexed by document ordinal: a posting costs
 * one increment, and a hash's ordinals ascend, so the array is walked forward rather than probed.
 * The ordinals touched are listed so that reading and clearing cost what was counted, until more
 * than an eighth of the segment was touched; then the whole array is scanned instead.
 *
 * <p>Searches reuse pooled instances ({@link #acquire()}, {@link #release}): a pool rather than a
 * ThreadLocal, because searches often run on virtual threads (one per request) where a per-thread
 * cache would start cold every time. Each instance also carries the search's {@link PostingCursor}.
 * Not thread-safe.
 */
public final class OrdinalCounts {
  private static final ConcurrentLinkedDeque<OrdinalCounts> POOL = new ConcurrentLinkedDeque<>();

  /** Instances kept at most (one per concurrent search is enough; more is memory). */
  private static final int MAX_POOLED = 2 * Runtime.getRuntime().availableProcessors() + 2;

  private static final AtomicInteger pooled = new AtomicInteger();

  /** Arrays above this many documents are not kept between searches (64 MiB of counts). */
  private static final int MAX_RETAINED_DOCS = 1 << 24;

  private final PostingCursor cursor = new PostingCursor();
  private final int[] ordinals = new int[SegmentFormat.BLOCK_SIZE];
  private int[] counts = new int[0];
  private int[] touched = new int[0];
  private int touchedSize;
  private boolean overflow;
  private int docCount;

  /** An instance from the pool when one is free; give it back with {@link #release}. */
  public static OrdinalCounts acquire() {
    OrdinalCounts counts = POOL.pollFirst();
    if (counts == null) {
      return new OrdinalCounts();
    }
    pooled.decrementAndGet();
    return counts;
  }

  /** Keeps {@code counts} for a later search (if the pool has room). */
  public static void release(OrdinalCounts counts) {
    counts.clear();
    if (counts.counts.length > MAX_RETAINED_DOCS) {
      return;
    }
    if (pooled.incrementAndGet() <= MAX_POOLED) {
      POOL.offerFirst(counts); // most recently used first: its arrays are warm and right-sized
    } else {
      pooled.decrementAndGet();
    }
  }

  /** The cursor this search uses to read postings. */
  public PostingCursor cursor() {
    return cursor;
  }

  /** Starts counting a segment of {@code docs} documents (all counts are zero). */
  public void start(int docs) {
    if (counts.length < docs) {
      counts = new int[docs];
      touched = new int[Math.max(64, docs >>> 3)];
    }
    docCount = docs;
    touchedSize = 0;
    overflow = false;
  }

  /** Counts every posting of the hash {@code cursor} was positioned on. */
  public void countAll(PostingCursor cursor) {
    int[] buffer = ordinals;
    int n;
    while ((n = cursor.fill(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        increment(buffer[i]);
      }
    }
  }

  public void increment(int ordinal) {
    if (counts[ordinal]++ == 0) {
      if (touchedSize < touched.length) {
        touched[touchedSize++] = ordinal;
      } else {
        overflow = true;
      }
    }
  }

  /** Receives counted documents. */
  public interface Visitor {
    void visit(int ordinal, int count);
  }

  /** Calls {@code visitor} for each ordinal counted at least {@code threshold}, then clears. */
  public void drain(int threshold, Visitor visitor) {
    if (overflow) {
      for (int o = 0; o < docCount; o++) {
        int c = counts[o];
        if (c >= threshold) {
          visitor.visit(o, c);
        }
      }
      Arrays.fill(counts, 0, docCount, 0);
    } else {
      for (int i = 0; i < touchedSize; i++) {
        int o = touched[i];
        int c = counts[o];
        counts[o] = 0;
        if (c >= threshold) {
          visitor.visit(o, c);
        }
      }
    }
    touchedSize = 0;
    overflow = false;
  }

  private void clear() {
    drain(Integer.MAX_VALUE, (o, c) -> {});
  }
}
