package org.acoustid.fpindex.search;

import java.util.Arrays;
import org.acoustid.fpindex.segment.PostingCursor;
import org.acoustid.fpindex.segment.Segment;
import org.acoustid.fpindex.segment.SegmentFormat;
import org.roaringbitmap.RoaringBitmap;

/**
 * Counts the documents of one segment that share hashes with a query and offers them to the {@link
 * TopHits}. Stateless; scratch space comes from the search's {@link OrdinalCounts}.
 *
 * <p>Exact scoring reads the query's hashes from the rarest to the most common and stops reading
 * whole posting lists once the hashes left cannot lift a document that has not been seen yet to the
 * score the hit list already demands (the MaxScore idea): from then on only the documents that can
 * still make it are looked up in the remaining lists, skipping blocks through the block index. The
 * demanded score comes from the hits of earlier segments and, once, from the exact scores of the
 * best documents counted so far. Scores of the documents returned are exact either way.
 *
 * <p>With a cap ({@code maxDocsPerHash}), each hash counts only its first {@code cap} current
 * documents, as the upstream server does; that reads little enough to need no pruning.
 */
public final class SegmentScorer {
  /** A hash whose postings span at least this many blocks is worth a probe before reading it. */
  static final int PROBE_SPAN_BLOCKS = 8;

  /**
   * Segments with fewer blocks are counted in full: skipping pays for the extra lookups only where
   * common hashes span many blocks.
   */
  static final int MIN_PRUNED_BLOCKS = 1024;

  /**
   * Queries whose hashes span at most this many blocks each on average are counted in full, as in
   * small segments: with lists that short there is nothing for the pruning to skip.
   */
  static final int FULL_COUNT_BLOCKS_PER_HASH = 2;

  /** Documents probed for exact scores when the limit is larger than this: only the best count. */
  static final int MAX_PROBES = 32;

  private SegmentScorer() {}

  /** Throws when the search has passed its deadline. */
  public interface Deadline {
    void check();
  }

  /**
   * Scores {@code segment} for the distinct, sorted {@code query}; documents in {@code mask} are
   * superseded by newer segments and never offered.
   */
  public static void score(
      Segment segment,
      RoaringBitmap mask,
      int[] query,
      int cap,
      int scorePct,
      TopHits top,
      OrdinalCounts counts,
      Deadline deadline) {
    if (segment.postingCount() == 0) {
      return;
    }
    boolean masked = mask.isEmpty() == false;
    PostingCursor cursor = counts.cursor().reset(segment);
    if (cap != Integer.MAX_VALUE) {
      scoreCapped(segment, mask, query, cap, top, counts.windows(), cursor, deadline);
      return;
    }
    counts.start(segment.docCount());
    scoreExact(segment, mask, query, scorePct, top, counts, cursor, deadline);
    // superseded documents were counted too (cheaper than a mask test per posting): drop them
    counts.drain(
        top.threshold(),
        (ordinal, count) -> {
          int id = segment.id(ordinal);
          if (masked == false || mask.contains(id) == false) {
            top.offer(id, count);
          }
        });
  }

  /**
   * Each hash contributes its first {@code cap} current documents. Their ordinals are listed and
   * counted window by window ({@link WindowedCounts}): at 10M documents a count array of the whole
   * segment misses the cache on almost every posting.
   */
  private static void scoreCapped(
      Segment segment,
      RoaringBitmap mask,
      int[] query,
      int cap,
      TopHits top,
      WindowedCounts list,
      PostingCursor cursor,
      Deadline deadline) {
    boolean masked = mask.isEmpty() == false;
    list.start(segment.docCount());
    int[] starts = new int[query.length];
    segment.startBlocks(query, query.length, starts);
    for (int qi = 0; qi < query.length; qi++) {
      deadline.check();
      cursor.seek(query[qi], starts[qi]);
      if (masked) {
        int ordinal;
        for (int matched = 0; matched < cap && (ordinal = cursor.next()) >= 0; ) {
          // the cap counts the first documents that are current, as the upstream server reads
          if (mask.contains(segment.id(ordinal)) == false) {
            list.add(ordinal);
            matched++;
          }
        }
      } else {
        int n;
        for (int matched = 0; matched < cap; matched += n) {
          n = cursor.fill(list.reserve(SegmentFormat.BLOCK_SIZE), list.size());
          if (n == 0) {
            break;
          }
          n = Math.min(n, cap - matched); // the rest of the block lies past the cap
          list.added(n);
        }
      }
    }
    // superseded documents were never listed
    list.drain(top.threshold(), (ordinal, count) -> top.offer(segment.id(ordinal), count));
  }

  private static void scoreExact(
      Segment segment,
      RoaringBitmap mask,
      int[] query,
      int scorePct,
      TopHits top,
      OrdinalCounts counts,
      PostingCursor cursor,
      Deadline deadline) {
    int m = query.length;
    int[] starts = new int[m];
    segment.startBlocks(query, m, starts);
    int[] spans = null;
    if (segment.blockCount() >= MIN_PRUNED_BLOCKS) {
      spans = new int[m];
      long blocks = 0;
      for (int i = 0; i < m; i++) {
        spans[i] = segment.blockSpan(query[i], starts[i]);
        blocks += spans[i];
      }
      if (blocks <= (long) FULL_COUNT_BLOCKS_PER_HASH * m) {
        spans = null; // few blocks to read in all: nothing for the pruning below to skip
      }
    }
    if (spans == null) {
      for (int i = 0; i < m; i++) {
        deadline.check();
        cursor.seek(query[i], starts[i]);
        counts.countAll(cursor);
      }
      return;
    }
    // the query's hashes, their first blocks and block spans, rarest first
    int[] terms = new int[m];
    rarestFirst(query, terms, starts, spans);
    long repeat = segment.maxRepeat();
    int bound = top.pruneBound(scorePct);
    boolean probed = false;
    int i = 0;
    for (; i < m; i++) {
      // the most a document not counted yet can still score
      if (repeat * (m - i) < bound) {
        break;
      }
      if (probed == false && i > 0 && spans[i] >= PROBE_SPAN_BLOCKS) {
        probed = true;
        bound =
            Math.max(
                bound,
                probeBound(segment, mask, terms, starts, i, scorePct, top.limit(), counts, cursor));
        if (repeat * (m - i) < bound) {
          break;
        }
      }
      deadline.check();
      cursor.seek(terms[i], starts[i]);
      counts.countAll(cursor);
    }
    if (i == m) {
      return;
    }
    // only documents already counted can still reach the bound: look them up in the rest
    int[] candidates = counts.keep((int) Math.max(1, bound - repeat * (m - i)), segment, mask);
    int size = candidates.length;
    for (int j = i; j < m && size > 0; j++) {
      deadline.check();
      cursor.seek(terms[j], starts[j]);
      if (size >= spans[j]) {
        // about a candidate per block or more: reading the list beats skipping through it
        counts.countCounted(cursor);
      } else {
        for (int c = 0; c < size; c++) {
          int found = cursor.advance(candidates[c]);
          if (found > 0) {
            counts.add(candidates[c], found);
          }
        }
      }
      long rest = repeat * (m - j - 1);
      int kept = 0;
      for (int c = 0; c < size; c++) {
        int ordinal = candidates[c];
        if (counts.count(ordinal) + rest >= bound) {
          candidates[kept++] = ordinal;
        } else {
          counts.set(ordinal, 0);
        }
      }
      size = kept;
    }
  }

  /**
   * Orders the query's hashes by the number of blocks their postings span, fewest first, into
   * {@code terms}; {@code starts} and {@code spans}, given in query order, are reordered with them.
   */
  private static void rarestFirst(int[] query, int[] terms, int[] starts, int[] spans) {
    long[] keyed = new long[query.length];
    for (int i = 0; i < query.length; i++) {
      keyed[i] = ((long) spans[i] << 32) | i;
    }
    Arrays.sort(keyed);
    int[] start = starts.clone();
    for (int i = 0; i < query.length; i++) {
      int t = (int) keyed[i];
      terms[i] = query[t];
      starts[i] = start[t];
      spans[i] = (int) (keyed[i] >>> 32);
    }
  }

  /**
   * A score every hit must reach, from the exact scores of the best documents counted so far
   * (hashes {@code [0, from)} of {@code terms}): with {@code limit} of them, no document scoring
   * below the lowest can be a hit; and none below {@code best * scorePct / 100}.
   */
  private static int probeBound(
      Segment segment,
      RoaringBitmap mask,
      int[] terms,
      int[] starts,
      int from,
      int scorePct,
      int limit,
      OrdinalCounts counts,
      PostingCursor cursor) {
    int probes = limit <= MAX_PROBES ? limit : Math.min(8, limit);
    int[] best = counts.best(probes, segment, mask);
    if (best.length == 0) {
      return 0;
    }
    int[] exact = new int[best.length];
    for (int p = 0; p < best.length; p++) {
      exact[p] = counts.count(best[p]);
    }
    for (int j = from; j < terms.length; j++) {
      cursor.seek(terms[j], starts[j]);
      for (int p = 0; p < best.length; p++) {
        exact[p] += cursor.advance(best[p]);
      }
    }
    int max = 0;
    int min = Integer.MAX_VALUE;
    for (int e : exact) {
      max = Math.max(max, e);
      min = Math.min(min, e);
    }
    int bound = (int) ((long) max * scorePct / 100);
    return best.length == limit ? Math.max(bound, min) : bound;
  }
}
