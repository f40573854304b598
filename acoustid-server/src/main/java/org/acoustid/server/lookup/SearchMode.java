package org.acoustid.server.lookup;

/**
 * The two parameter sets of the reference search (specification §7.2): index candidates whose hits
 * exceed {@code hitsPercent} % of the best, at most {@code candidates} of them; matches scoring
 * strictly above {@code minScore}; at most {@code maxMatches}.
 */
public enum SearchMode {
  /** API lookups: few candidates, index failures tolerated. */
  FAST(40, 10, 0.4, 10),
  /** Imports: more candidates, unindexed fingerprints included, index failures abort. */
  SLOW(10, 20, 0.75, Integer.MAX_VALUE);

  final int hitsPercent;
  final int candidates;
  final double minScore;
  final int maxMatches;

  SearchMode(int hitsPercent, int candidates, double minScore, int maxMatches) {
    this.hitsPercent = hitsPercent;
    this.candidates = candidates;
    this.minScore = minScore;
    this.maxMatches = maxMatches;
  }
}
