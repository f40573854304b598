package org.acoustid.fpindex.merge;

import java.util.List;
import java.util.Optional;

/**
 * Decides which file segments to merge; a pure function of their sizes, so it can be simulated (see
 * {@code TieredMergePolicyTest}).
 *
 * <p>Each segment gets a level, {@code log(size) / log(segmentsPerTier)} (sizes below {@link
 * #floorSize()} count as the floor). Walking from the oldest segment, the segments down to the
 * newest one within 0.75 levels of the highest remaining level form a tier; inside a tier, windows
 * of {@code segmentsPerTier} adjacent segments are merged, oldest window first. The next tier
 * starts after it. This is the scheme of Lucene's {@code LogMergePolicy}: only adjacent segments
 * merge (so "newer shadows older" stays a matter of list position), the segment count stays near
 * {@code segmentsPerTier × levels}, and each item is rewritten about once per level it climbs.
 * Segments of {@link #maxMergedSize()} or more are never merged again.
 *
 * @param segmentsPerTier segments merged at once and tolerated per level (default 8, at least 2)
 * @param floorSize sizes below this count as this (default 1000)
 * @param maxMergedSize size (postings plus documents) from which a segment is left alone
 */
public record TieredMergePolicy(int segmentsPerTier, long floorSize, long maxMergedSize) {
  public static final TieredMergePolicy DEFAULT = new TieredMergePolicy(8, 1_000, 1L << 30);

  /** How far below a tier's highest level a segment may be and still belong to the tier. */
  static final double LEVEL_SPAN = 0.75;

  public TieredMergePolicy {
    if (segmentsPerTier < 2) {
      throw new IllegalArgumentException(
          "segmentsPerTier must be >= 2, got segmentsPerTier=" + segmentsPerTier);
    }
    if (floorSize < 1) {
      throw new IllegalArgumentException("floorSize must be >= 1, got floorSize=" + floorSize);
    }
    if (maxMergedSize < 1) {
      throw new IllegalArgumentException(
          "maxMergedSize must be >= 1, got maxMergedSize=" + maxMergedSize);
    }
  }

  /** The merge to run now for segments of these sizes (oldest first), if any. */
  public Optional<MergeCandidate> findMerge(List<Long> sizes) {
    int n = sizes.size();
    double[] levels = new double[n];
    double log = Math.log(segmentsPerTier);
    for (int i = 0; i < n; i++) {
      levels[i] = Math.log(Math.max(floorSize, sizes.get(i))) / log;
    }
    double floorLevel = Math.log(floorSize) / log;
    int start = 0;
    while (start < n) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = start; i < n; i++) {
        max = Math.max(max, levels[i]);
      }
      double lowest = max <= floorLevel ? Double.NEGATIVE_INFINITY : max - LEVEL_SPAN;
      int upto = n - 1;
      while (upto >= start && levels[upto] < lowest) {
        upto--;
      }
      for (int end = start + segmentsPerTier; end <= upto + 1; end += segmentsPerTier) {
        boolean eligible = true;
        for (int i = end - segmentsPerTier; i < end; i++) {
          eligible &= sizes.get(i) < maxMergedSize;
        }
        if (eligible) {
          return Optional.of(new MergeCandidate(end - segmentsPerTier, end));
        }
      }
      start = upto + 1;
    }
    return Optional.empty();
  }
}
