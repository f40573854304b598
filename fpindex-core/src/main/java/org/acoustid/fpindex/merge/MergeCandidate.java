package org.acoustid.fpindex.merge;

/** Adjacent segments {@code [from, to)} (positions in the oldest-first list) to merge into one. */
public record MergeCandidate(int from, int to) {
  public MergeCandidate {
    if (from < 0 || to - from < 2) {
      throw new IllegalArgumentException(
          "a merge needs at least two segments, got [" + from + ", " + to + ")");
    }
  }
}
