package org.acoustid.server.web;

import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.acoustid.server.db.ApplicationCache;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.server.metrics.ApiMetrics;
import org.acoustid.server.ratelimit.RateLimiter;
import org.acoustid.server.stats.LookupCounters;

/**
 * What the API front needs: the database, the fingerprint search, a hook called after a submit
 * commits, with the new submission ids (the all-in-one mode wakes its importer, a NATS deployment
 * publishes them), the application key cache, and the rate limiter (null: no limits) with the
 * cluster secret that bypasses it (null: none), the metrics served on {@code /_metrics}, and the
 * Redis usage counters (null: not counted).
 */
public record ApiServices(
    DataSource db,
    FingerprintSearcher searcher,
    Consumer<List<Integer>> submitted,
    ApplicationCache applications,
    RateLimiter rateLimiter,
    String clusterSecret,
    ApiMetrics metrics,
    LookupCounters counters) {
  public ApiServices(
      DataSource db, FingerprintSearcher searcher, Consumer<List<Integer>> submitted) {
    this(db, searcher, submitted, new ApplicationCache(db), null, null, new ApiMetrics(), null);
  }
}
