package org.acoustid.fpindex.server.api;

import java.time.Duration;
import java.util.OptionalInt;
import org.acoustid.fpindex.SearchRequest;
import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyObject;

/**
 * Body of {@code POST /:index/_search}: {@code query} (required, may be empty), {@code limit} (40,
 * clamped to [1, 100]), {@code timeout} in ms (500, clamped to at most 10000; 0 = none), {@code
 * min_score} (null = derived from the query length), {@code score_pct} (10, not clamped).
 */
public record SearchRequestBody(
    int[] query, long limit, long timeoutMs, Long minScore, long scorePct) {
  public static final long DEFAULT_LIMIT = 40;
  public static final long MAX_LIMIT = 100;
  public static final long DEFAULT_TIMEOUT_MS = 500;
  public static final long MAX_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_SCORE_PCT = 10;

  public static SearchRequestBody parse(Object node, BodyFormat format) {
    BodyObject body =
        BodyObject.of(
            node, format, "search request", "query", "timeout", "limit", "min_score", "score_pct");
    int[] query = body.u32Array("query");
    long limit = body.u32("limit", DEFAULT_LIMIT);
    long timeout = body.u32("timeout", DEFAULT_TIMEOUT_MS);
    Long minScore = body.has("min_score") ? body.u32("min_score", 0) : null;
    long scorePct = body.u32("score_pct", DEFAULT_SCORE_PCT);
    return new SearchRequestBody(query, limit, timeout, minScore, scorePct);
  }

  /** The engine request after the upstream clamping rules. */
  public SearchRequest toSearchRequest() {
    int clampedLimit = (int) Math.max(1, Math.min(MAX_LIMIT, limit));
    long clampedTimeout = Math.min(MAX_TIMEOUT_MS, timeoutMs);
    // scores never exceed Integer.MAX_VALUE, so larger floors and percentages behave identically
    OptionalInt floor =
        minScore == null
            ? OptionalInt.empty()
            : OptionalInt.of((int) Math.min(minScore, Integer.MAX_VALUE));
    int pct = (int) Math.min(scorePct, 1_000);
    return new SearchRequest(query, clampedLimit, floor, pct, Duration.ofMillis(clampedTimeout));
  }
}
