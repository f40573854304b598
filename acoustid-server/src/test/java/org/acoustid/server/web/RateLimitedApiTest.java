package org.acoustid.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.acoustid.chromaprint.FingerprintCodec;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApiKeyCache;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.server.metrics.ApiMetrics;
import org.acoustid.server.ratelimit.RateLimiter;
import org.acoustid.server.ratelimit.RateLimits;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.RedisFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API front with the Redis rate limiter: error 14 / 429, the cluster secret, parse order. */
class RateLimitedApiTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  @RegisterExtension static final RedisFixture redis = new RedisFixture();
  static Database db;
  static LocalFingerprintIndex index;
  static RateLimiter limiter;
  static ApiServer server;
  static String appKey;
  static int appId;
  static int targetId;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabases.migrated(pg);
    int account = new AccountRepository(db.dataSource()).create("limited").id();
    var app = new ApplicationRepository(db.dataSource()).create("limited", "1", account);
    appKey = app.apiKey();
    appId = app.id();
    targetId = new ApplicationRepository(db.dataSource()).create("target", "1", account).id();
    index = LocalFingerprintIndex.inMemory();
    // 0.1 request/s per address and for the target application = 2 requests per 20 s window
    limiter =
        RateLimiter.connect(
            redis.url(),
            new RateLimits(10, 1000, 0.1, Map.of(targetId, 0.1), Map.of()),
            redis.prefix());
    server =
        ApiServer.start(
            "127.0.0.1",
            0,
            new ApiServices(
                db.dataSource(),
                new FingerprintSearcher(index, 1),
                ids -> {},
                new ApiKeyCache(db.dataSource()),
                limiter,
                new ClusterSettings(ClusterSettings.MASTER, "s3cret"),
                new ApiMetrics(),
                null,
                null,
                null,
                null));
  }

  @AfterAll
  static void stop() {
    server.close();
    limiter.close();
    index.close();
    db.close();
  }

  static String randomIp() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }

  static HttpResponse<String> get(String path, String ip) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("X-Forwarded-For", ip + ", 192.0.2.1")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theThirdRequestOfAnAddressInAWindowIsRefused() throws Exception {
    String ip = randomIp();
    String path = "/v2/track/list_by_mbid?mbid=9ff43b6a-4f16-427c-93c2-92307ca505e0";
    assertThat(get(path, ip).statusCode()).isEqualTo(200);
    assertThat(get(path, ip).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = get(path, ip);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body())
        .contains("\"code\": 14")
        .contains("rate limit (0.100000 requests per second) exceeded, try again later");
    assertThat(get(path, randomIp()).statusCode()).as("another address").isEqualTo(200);
    assertThat(get(path + "&secret=s3cret", ip).statusCode()).as("cluster secret").isEqualTo(200);
    assertThat(get(path + "&secret=wrong", ip).statusCode()).isEqualTo(429);
  }

  @Test
  void requestsRejectedWhileParsingDoNotSpendTheBudget() throws Exception {
    String ip = randomIp();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> bad = get("/v2/lookup?client=" + appKey + "&fingerprint=AQAA", ip);
      assertThat(bad.body()).as("missing duration").contains("\"code\": 2");
    }
    String good =
        "/v2/lookup?client="
            + appKey
            + "&duration=10&fingerprint="
            + FingerprintCodec.encodeBase64(new int[] {1, 2, 3}, 1);
    assertThat(get(good, ip).body()).contains("\"status\": \"ok\"");
    assertThat(get(good, ip).body()).contains("\"status\": \"ok\"");
    assertThat(get(good, ip).statusCode()).isEqualTo(429);
  }

  @Test
  void internalCallsCountAgainstTheApplicationTheyTarget() throws Exception {
    String call = "/v2/internal/update_lookup_stats?date=2026-11-01&hour=1&count=1&application_id=";
    // each request from a new address: only the target application's bucket can refuse
    for (int i = 0; i < 2; i++) {
      assertThat(get(call + targetId + "&secret=wrong", randomIp()).body())
          .contains("\"code\": 12");
    }
    HttpResponse<String> refused = get(call + targetId + "&secret=wrong", randomIp());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("rate limit (0.100000 requests per second) exceeded");
    assertThat(get(call + appId + "&secret=wrong", randomIp()).body())
        .as("another application's budget")
        .contains("\"code\": 12");
    assertThat(get(call + targetId + "&secret=s3cret", randomIp()).statusCode())
        .as("the cluster secret skips the limiter")
        .isEqualTo(200);
  }
}
