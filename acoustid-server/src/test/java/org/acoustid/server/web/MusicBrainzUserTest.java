package org.acoustid.server.web;

import static org.acoustid.server.db.TestDatabases.snapshot;
import static org.acoustid.server.db.TestDatabases.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.acoustid.server.api.v2.MusicBrainzOAuth;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v2/user/create_musicbrainz} against a stub MusicBrainz (a local HTTP server standing in
 * for {@code /oauth2/userinfo}): HTTPS from the proxy header, the token's user found
 * case-insensitively or created, refused and unreachable tokens.
 */
class MusicBrainzUserTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static final Duration TIMEOUT = Duration.ofMillis(500);
  static Database db;
  static DataSource ds;
  static LocalFingerprintIndex index;
  static HttpServer musicBrainz;
  static ApiServer server;
  static TestApi api;

  /** The access tokens the stub was asked about, in order. */
  static final List<String> asked = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabases.migrated(pg);
    ds = db.dataSource();
    musicBrainz = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    musicBrainz.createContext(
        "/oauth2/userinfo",
        exchange -> {
          String token = exchange.getRequestURI().getQuery().replaceFirst("^access_token=", "");
          asked.add(token);
          int status = 200;
          String body;
          switch (token) {
            case "alice-token" -> body = "{\"sub\": \"Alice\", \"metabrainz_user_id\": 1}";
            case "alice-lower" -> body = "{\"sub\": \"alice\"}";
            case "bob+token/=" -> body = "{\"sub\": \"bob\"}";
            case "no-sub" -> body = "{\"profile\": \"x\"}";
            case "slow" -> {
              sleep(TIMEOUT.multipliedBy(20));
              body = "{\"sub\": \"slow\"}";
            }
            default -> {
              status = 401;
              body = "{\"error\": \"invalid_token\"}";
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    musicBrainz.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    musicBrainz.start();
    index = LocalFingerprintIndex.inMemory();
    String stub = "http://127.0.0.1:" + musicBrainz.getAddress().getPort() + "/";
    server =
        ApiServer.start(
            "127.0.0.1",
            0,
            TestApi.services(
                ds, index, ClusterSettings.DEFAULT, new MusicBrainzOAuth(stub, TIMEOUT)));
    api = new TestApi(server.port());
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    musicBrainz.stop(0);
    index.close();
    db.close();
  }

  static HttpResponse<String> create(String query, String proto) throws Exception {
    String path = "/v2/user/create_musicbrainz" + query;
    return proto == null ? api.get(path) : api.get(path, "X-Forwarded-Proto", proto);
  }

  static String key(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body().replaceAll(".*\"apikey\": \"(\\w+)\".*", "$1");
  }

  @Test
  void theTokensUserIsCreatedOnceAndFoundInAnyCase() throws Exception {
    HttpResponse<String> first = create("?access_token=alice-token", "https");
    assertThat(first.body())
        .matches("\\{\"status\": \"ok\", \"user\": \\{\"apikey\": \"[A-Za-z0-9]{10}\"\\}\\}");
    String key = key(first);
    assertThat(
            value(
                ds,
                "SELECT name || '|' || mbuser || '|' || host(created_from) FROM account WHERE apikey = ?",
                key))
        .isEqualTo("Alice|Alice|127.0.0.1");
    String accounts = snapshot(ds, "account");
    assertThat(key(create("?access_token=alice-token", "HTTPS"))).isEqualTo(key);
    assertThat(key(create("?access_token=alice-lower", "https")))
        .as("MusicBrainz user names are matched case-insensitively")
        .isEqualTo(key);
    assertThat(snapshot(ds, "account")).isEqualTo(accounts);
    HttpResponse<String> bob =
        api.post(
            "/v2/user/create_musicbrainz",
            "format=xml&access_token=bob%2Btoken%2F%3D",
            "X-Forwarded-Proto",
            "https",
            "X-Forwarded-For",
            "203.0.113.9, 10.0.0.1");
    assertThat(bob.body())
        .matches(
            "<\\?xml version='1.0' encoding='UTF-8'\\?>\n<response><status>ok</status><user><apikey>\\w{10}</apikey></user></response>");
    assertThat(value(ds, "SELECT host(created_from) FROM account WHERE mbuser = 'bob'"))
        .isEqualTo("203.0.113.9");
    assertThat(asked).contains("bob+token/=");
  }

  @Test
  void onlyHttpsRequestsReachMusicBrainz() throws Exception {
    assertThat(create("?access_token=alice-token", "http, https").statusCode())
        .as("the value of the last (trusted) hop counts")
        .isEqualTo(200);
    String accounts = snapshot(ds, "account");
    int before = asked.size();
    String insecure =
        "{\"error\": {\"code\": 16, \"message\": \"only requests over HTTPS are allowed here\"},"
            + " \"status\": \"error\"}";
    for (String proto : new String[] {null, "http", "https, http", "ftp"}) {
      HttpResponse<String> r = create("?access_token=alice-token", proto);
      assertThat(r.statusCode()).as(proto).isEqualTo(400);
      assertThat(r.body()).as(proto).isEqualTo(insecure);
    }
    assertThat(create("?access_token=alice-token&format=jsonp&jsoncallback=f", null).body())
        .isEqualTo("f(" + insecure + ")");
    assertThat(asked.size()).as("insecure requests never ask MusicBrainz").isEqualTo(before);
    HttpResponse<String> missing = create("", "https");
    assertThat(missing.body())
        .isEqualTo(
            "{\"error\": {\"code\": 2, \"message\": \"missing required parameter \\\"access_token\\\"\"},"
                + " \"status\": \"error\"}");
    assertThat(create("?access_token=", null).body())
        .as("the missing token is reported before the scheme")
        .contains("\"code\": 2");
    assertThat(snapshot(ds, "account")).isEqualTo(accounts);
  }

  @Test
  void refusedUnreachableAndOddAnswersCreateNothing() throws Exception {
    String accounts = snapshot(ds, "account");
    HttpResponse<String> refused = create("?access_token=expired", "https");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .isEqualTo(
            "{\"error\": {\"code\": 15, \"message\": \"invalid MusicBrainz access token\"},"
                + " \"status\": \"error\"}");
    assertThat(create("?access_token=expired&format=xml", "https").body())
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><error><code>15</code><message>invalid MusicBrainz access token</message></error><status>error</status></response>");
    long start = System.nanoTime();
    HttpResponse<String> slow = create("?access_token=slow", "https");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("the call gives up after its timeout")
        .isLessThan(TIMEOUT.multipliedBy(10));
    assertThat(slow.statusCode()).isEqualTo(500);
    assertThat(slow.body()).contains("\"code\": 5");
    assertThat(create("?access_token=no-sub", "https").body()).contains("\"code\": 5");
    assertThat(snapshot(ds, "account")).isEqualTo(accounts);
  }
}
