package org.acoustid.server.web;

import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.ApplicationCache;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.server.metrics.ApiMetrics;
import org.acoustid.server.ratelimit.RateLimiter;
import org.acoustid.server.stats.LookupCounters;

/**
 * What the API front needs: the database, the fingerprint search, a hook called after a submit
 * commits, with the new submission ids (the all-in-one mode wakes its importer, a NATS deployment
 * publishes them), the application key cache, the rate limiter (null: no limits), this node's
 * cluster role and the secret that bypasses the limiter and opens the internal API, the metrics
 * served on {@code /_metrics}, and the Redis usage counters (null: not counted).
 */
public record ApiServices(
    DataSource db,
    FingerprintSearcher searcher,
    Consumer<List<Integer>> submitted,
    ApplicationCache applications,
    RateLimiter rateLimiter,
    ClusterSettings cluster,
    ApiMetrics metrics,
    LookupCounters counters) {
  /** A master without secret, limits or counters. */
  public ApiServices(
      DataSource db, FingerprintSearcher searcher, Consumer<List<Integer>> submitted) {
    this(
        db,
        searcher,
        submitted,
        new ApplicationCache(db),
        null,
        ClusterSettings.DEFAULT,
        new ApiMetrics(),
        null);
  }
}
