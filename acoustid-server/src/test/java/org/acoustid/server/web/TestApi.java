package org.acoustid.server.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.acoustid.server.api.v2.MusicBrainzOAuth;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.ApiKeyCache;
import org.acoustid.server.index.FingerprintIndex;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.server.metrics.ApiMetrics;
import org.acoustid.server.tasks.TaskQueue;

/**
 * Requests to an API server under test on 127.0.0.1: GET with the query in the path, or POST of a
 * form; {@code headers} are name, value pairs ({@code "X-Forwarded-Proto", "https"}).
 */
public record TestApi(int port) {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * The services of a test API over {@code db} and {@code index}: this cluster role and secret,
   * this MusicBrainz (null: none), no rate limiter, no usage counters, no task queue.
   */
  public static ApiServices services(
      DataSource db,
      FingerprintIndex index,
      ClusterSettings cluster,
      MusicBrainzOAuth musicBrainz) {
    return services(db, index, cluster, musicBrainz, null);
  }

  /** The same, lookups offering {@code merge_missing_mbid} to {@code tasks}. */
  public static ApiServices services(
      DataSource db,
      FingerprintIndex index,
      ClusterSettings cluster,
      MusicBrainzOAuth musicBrainz,
      TaskQueue tasks) {
    return new ApiServices(
        db,
        new FingerprintSearcher(index, 1),
        ids -> {},
        new ApiKeyCache(db),
        null,
        cluster,
        new ApiMetrics(),
        null,
        musicBrainz,
        tasks,
        null);
  }

  public HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    return send(request(pathAndQuery, headers).GET());
  }

  public HttpResponse<String> post(String path, String form, String... headers) throws Exception {
    return send(
        request(path, headers)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    return headers.length == 0 ? b : b.headers(headers);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
