package org.acoustid.server.web;

import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.acoustid.server.api.v2.MusicBrainzOAuth;
import org.acoustid.server.config.AcoustIdConfig;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.ApiKeyCache;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.server.metrics.ApiMetrics;
import org.acoustid.server.ratelimit.RateLimiter;
import org.acoustid.server.stats.LookupCounters;
import org.acoustid.server.tasks.TaskQueue;

/**
 * What the API front needs: the database, the fingerprint search, a hook called after a submit
 * commits, with the new submission ids (the all-in-one mode wakes its importer, a NATS deployment
 * publishes them), the API key caches, the rate limiter (null: no limits), this node's cluster role
 * and the secret that bypasses the limiter and opens the internal API, the metrics served on {@code
 * /_metrics}, the Redis usage counters (null: not counted), the MusicBrainz OAuth server of {@code
 * /v2/user/create_musicbrainz} and the queue where lookups ask for {@code merge_missing_mbid}
 * (null: not asked).
 */
public record ApiServices(
    DataSource db,
    FingerprintSearcher searcher,
    Consumer<List<Integer>> submitted,
    ApiKeyCache keys,
    RateLimiter rateLimiter,
    ClusterSettings cluster,
    ApiMetrics metrics,
    LookupCounters counters,
    MusicBrainzOAuth musicBrainz,
    TaskQueue tasks,
    ShutdownMarker shutdown) {
  /** A master without secret, limits, counters or task queue, asking MusicBrainz itself. */
  public ApiServices(
      DataSource db, FingerprintSearcher searcher, Consumer<List<Integer>> submitted) {
    this(
        db,
        searcher,
        submitted,
        new ApiKeyCache(db),
        null,
        ClusterSettings.DEFAULT,
        new ApiMetrics(),
        null,
        new MusicBrainzOAuth(
            AcoustIdConfig.DEFAULT_MUSICBRAINZ_URL, MusicBrainzOAuth.DEFAULT_TIMEOUT),
        null,
        null);
  }

  /** The same services with other API key caches (e.g. with a website secret for the demo key). */
  public ApiServices withKeys(ApiKeyCache other) {
    return new ApiServices(
        db,
        searcher,
        submitted,
        other,
        rateLimiter,
        cluster,
        metrics,
        counters,
        musicBrainz,
        tasks,
        shutdown);
  }

  /** The same services with a graceful-shutdown marker for the health endpoints. */
  public ApiServices withShutdown(ShutdownMarker marker) {
    return new ApiServices(
        db,
        searcher,
        submitted,
        keys,
        rateLimiter,
        cluster,
        metrics,
        counters,
        musicBrainz,
        tasks,
        marker);
  }
}
