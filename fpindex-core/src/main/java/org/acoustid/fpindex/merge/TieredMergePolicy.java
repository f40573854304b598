package org.acoustid.fpindex.merge;

import java.util.List;
import java.util.Optional;

/**
 * Decides which file segments to merge; a pure function of their sizes, so it can be simulated.
 *
 * <p>Segments are grouped in tiers by size: a run of adjacent segments whose largest is at most
 * {@link #maxSizeRatio()} times its smallest belongs to one tier. When a run holds at least {@link
 * #segmentsPerTier()} segments, its newest {@code segmentsPerTier} are merged. Each document is
 * therefore rewritten about once per tier it climbs, and the segment count stays near {@code
 * segmentsPerTier × log(total / smallest) / log(segmentsPerTier)}. Segments above {@link
 * #maxMergedSize()} are left alone. Only adjacent segments are merged, which keeps "newer shadows
 * older" a matter of list position.
 *
 * @param segmentsPerTier segments of similar size tolerated before they are merged (default 8, ≥ 2)
 * @param maxSizeRatio largest/smallest size within one tier (default 4, ≥ 1)
 * @param maxMergedSize segments this large (in postings) are not merged further (default 2^30)
 */
public record TieredMergePolicy(int segmentsPerTier, double maxSizeRatio, long maxMergedSize) {
  public static final TieredMergePolicy DEFAULT = new TieredMergePolicy(8, 4.0, 1L << 30);

  public TieredMergePolicy {
    if (segmentsPerTier < 2) {
      throw new IllegalArgumentException(
          "segmentsPerTier must be >= 2, got segmentsPerTier=" + segmentsPerTier);
    }
    if (maxSizeRatio < 1) {
      throw new IllegalArgumentException(
          "maxSizeRatio must be >= 1, got maxSizeRatio=" + maxSizeRatio);
    }
    if (maxMergedSize < 1) {
      throw new IllegalArgumentException(
          "maxMergedSize must be >= 1, got maxMergedSize=" + maxMergedSize);
    }
  }

  /** The merge to run now for segments of these sizes (oldest first), if any. */
  public Optional<MergeCandidate> findMerge(List<Long> sizes) {
    // scan from the newest end: small, fresh segments merge first
    int end = sizes.size();
    while (end > 0) {
      long min = Long.MAX_VALUE;
      long max = 0;
      int start = end;
      while (start > 0) {
        long size = Math.max(1, sizes.get(start - 1));
        long newMin = Math.min(min, size);
        long newMax = Math.max(max, size);
        if (size >= maxMergedSize || newMax > maxSizeRatio * newMin) {
          break;
        }
        min = newMin;
        max = newMax;
        start--;
      }
      if (end - start >= segmentsPerTier) {
        return Optional.of(new MergeCandidate(end - segmentsPerTier, end));
      }
      end = start == end ? end - 1 : start;
    }
    return Optional.empty();
  }
}
