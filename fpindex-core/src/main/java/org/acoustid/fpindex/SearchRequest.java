package org.acoustid.fpindex;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A search: for each document, the number of occurrences of the distinct query hashes in it.
 *
 * @param query hashes (unsigned), duplicates allowed (each distinct hash counts once)
 * @param limit maximum number of hits, at least 1
 * @param minScore absolute floor; empty means {@code ceil(query.length / 20)} on the raw length
 * @param scorePct relative cut-off: after the best hit, others need {@code best * scorePct / 100}
 * @param timeout deadline for the whole search; {@link Duration#ZERO} means none
 */
public record SearchRequest(
    int[] query, int limit, OptionalInt minScore, int scorePct, Duration timeout) {
  public static final int DEFAULT_LIMIT = 40;
  public static final int DEFAULT_SCORE_PCT = 10;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  public SearchRequest {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got limit=" + limit);
    }
    if (minScore == null) {
      throw new IllegalArgumentException("minScore must not be null (use OptionalInt.empty())");
    }
    if (minScore.isPresent() && minScore.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "minScore must be >= 0, got minScore=" + minScore.getAsInt());
    }
    if (scorePct < 0) {
      throw new IllegalArgumentException("scorePct must be >= 0, got scorePct=" + scorePct);
    }
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0, got timeout=" + timeout);
    }
  }

  /** The defaults of the HTTP API: limit 40, derived floor, score_pct 10, 500 ms. */
  public static SearchRequest of(int[] query) {
    return new SearchRequest(
        query, DEFAULT_LIMIT, OptionalInt.empty(), DEFAULT_SCORE_PCT, DEFAULT_TIMEOUT);
  }

  public SearchRequest withLimit(int newLimit) {
    return new SearchRequest(query, newLimit, minScore, scorePct, timeout);
  }

  public SearchRequest withMinScore(int floor) {
    return new SearchRequest(query, limit, OptionalInt.of(floor), scorePct, timeout);
  }

  public SearchRequest withScorePct(int pct) {
    return new SearchRequest(query, limit, minScore, pct, timeout);
  }

  public SearchRequest withTimeout(Duration newTimeout) {
    return new SearchRequest(query, limit, minScore, scorePct, newTimeout);
  }

  /** The absolute floor this request applies. */
  public int effectiveFloor() {
    return minScore.isPresent() ? minScore.getAsInt() : (int) ((query.length + 19L) / 20);
  }
}
