package org.acoustid.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.zip.GZIPOutputStream;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP front over a real PostgreSQL: parameters, formats, errors, limits, CORS. */
class ApiServerTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static Database db;
  static ApiServer server;
  static LocalFingerprintIndex index;
  static String userKey;
  static String appKey;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabases.migrated(pg);
    var account = new AccountRepository(db.dataSource()).create("bob");
    userKey = account.apiKey();
    appKey = new ApplicationRepository(db.dataSource()).create("app", "1", account.id()).apiKey();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO track (id, gid) VALUES (1, '9ff43b6a-4f16-427c-93c2-92307ca505e0')");
      st.executeUpdate(
          "INSERT INTO fingerprint (id, fingerprint, length, track_id, submission_count) VALUES (7, '{1,-2,3}', 641, 1, 1)");
    }
    index = LocalFingerprintIndex.inMemory();
    server =
        ApiServer.start(
            "127.0.0.1",
            0,
            new ApiServices(db.dataSource(), new FingerprintSearcher(index, 1), ids -> {}));
  }

  @AfterAll
  static void stop() {
    server.close();
    index.close();
    db.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static byte[] gzip(byte[] plain) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  @Test
  void userLookupInEveryFormat() throws Exception {
    HttpResponse<String> json = get("/v2/user/lookup?user=" + userKey);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body())
        .isEqualTo("{\"status\": \"ok\", \"user\": {\"apikey\": \"" + userKey + "\"}}");
    assertThat(json.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(get("/v2/user/lookup?format=xml&user=" + userKey).body())
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><status>ok</status><user><apikey>"
                + userKey
                + "</apikey></user></response>");
    assertThat(get("/v2/user/lookup?format=jsonp&jsoncallback=cb&user=" + userKey).body())
        .startsWith("cb({\"status\": \"ok\"");
    assertThat(get("//v2//user//lookup/?user=" + userKey).statusCode())
        .as("path normalisation")
        .isEqualTo(200);
  }

  @Test
  void errorsCarryCodesAndStatuses() throws Exception {
    HttpResponse<String> missing = get("/v2/user/lookup");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body())
        .contains("\"code\": 2")
        .contains("missing required parameter \\\"user\\\"");
    HttpResponse<String> unknown = get("/v2/user/lookup?user=nope");
    assertThat(unknown.body()).contains("\"code\": 6");
    HttpResponse<String> format = get("/v2/user/lookup?format=yaml&user=" + userKey);
    assertThat(format.statusCode()).isEqualTo(400);
    assertThat(format.body()).contains("\"code\": 1").contains("unknown format \\\"yaml\\\"");
    assertThat(get("/v2/fingerprint?id=999").statusCode()).isEqualTo(404);
    assertThat(get("/v2/fingerprint?id=abc").body())
        .as("unparseable ints count as absent")
        .contains("\"code\": 2");
    assertThat(get("/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void formBodiesAndGzipAndTheSizeLimit() throws Exception {
    HttpResponse<String> form =
        post("/v2/fingerprint", "id=7".getBytes(StandardCharsets.UTF_8), false);
    assertThat(form.body())
        .isEqualTo(
            "{\"fingerprint\": {\"duration\": 641, \"hashes\": [1, -2, 3], \"id\": 7}, \"status\": \"ok\"}");
    HttpResponse<String> gz =
        post("/v2/fingerprint?format=json", gzip("id=7".getBytes(StandardCharsets.UTF_8)), true);
    assertThat(gz.body()).contains("\"id\": 7");
    byte[] big = new byte[1024 * 1024 + 10];
    java.util.Arrays.fill(big, (byte) 'a');
    HttpResponse<String> tooLarge = post("/v2/fingerprint", gzip(big), true);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("\"code\": 19");
    HttpResponse<String> corrupt = post("/v2/fingerprint", new byte[] {31, -117, 8, 0, 1, 2}, true);
    assertThat(corrupt.statusCode()).as("corrupt gzip is plain HTTP 400").isEqualTo(400);
    assertThat(corrupt.body()).doesNotContain("status");
  }

  @Test
  void anonymousUsersNeedAValidClient() throws Exception {
    HttpResponse<String> ok = get("/v2/user/create_anonymous?clientversion=2.1&client=" + appKey);
    assertThat(ok.body())
        .matches("\\{\"status\": \"ok\", \"user\": \\{\"apikey\": \"[A-Za-z0-9]{10}\"\\}\\}");
    assertThat(
            TestDatabases.value(
                db.dataSource(),
                "SELECT a.name || '|' || p.apikey || '|' || a.application_version || '|'"
                    + " || host(a.created_from) || '|' || (a.lastlogin IS NOT NULL)"
                    + " FROM account a JOIN application p ON p.id = a.application_id WHERE a.apikey = ?",
                ok.body().replaceAll(".*\"apikey\": \"(\\w+)\".*", "$1")))
        .as("§4.8: the application, its version and the client address")
        .isEqualTo("Anonymous|" + appKey + "|2.1|127.0.0.1|true");
    assertThat(get("/v2/user/create_anonymous?client=bad").body()).contains("\"code\": 4");
    assertThat(get("/_health").body()).isEqualTo("ok");
  }

  static final String FP = "AQAAA0mUaEkSRZEGAA"; // three silence items
  static final String MBID1 = "cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff";
  static final String MBID2 = "6d7b7cd4-254b-4c25-83f6-dd20f98ceacd";

  String submitBody(String entries) {
    return "client=" + appKey + "&user=" + userKey + "&clientversion=t1" + entries;
  }

  @Test
  void submitStoresOneRowPerMbidAndReportsBatchIndexesAsStrings() throws Exception {
    HttpResponse<String> single =
        post(
            "/v2/submit",
            submitBody("&fingerprint=" + FP + "&duration=641&mbid=" + MBID1)
                .getBytes(StandardCharsets.UTF_8),
            false);
    assertThat(single.statusCode()).isEqualTo(200);
    assertThat(single.body())
        .matches(
            "\\{\"status\": \"ok\", \"submissions\": \\[\\{\"id\": \\d+, \"status\": \"pending\"\\}\\]\\}");
    HttpResponse<String> batch =
        post(
            "/v2/submit",
            submitBody(
                    "&fingerprint.0=%21%21&duration.0=10&mbid.0="
                        + MBID1
                        + "&fingerprint.1="
                        + FP
                        + "&duration.1=99&mbid.1="
                        + MBID1
                        + "&mbid.1="
                        + MBID2
                        + "&track.1=Song")
                .getBytes(StandardCharsets.UTF_8),
            false);
    assertThat(batch.body()).contains("\"index\": \"1\"").doesNotContain("\"index\": \"0\"");
    assertThat(batch.body().split("\"id\"", -1)).hasSize(3); // two rows: one per MBID
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT count(*), min(length), max(meta::text) FROM submission WHERE length = 99")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
      assertThat(rs.getString(3)).contains("\"track\": \"Song\"");
    }
  }

  @Test
  void submitErrorsFollowTheBatchRules() throws Exception {
    HttpResponse<String> allBad =
        post(
            "/v2/submit",
            submitBody("&fingerprint.0=%21%21&duration.0=10&fingerprint.1=" + FP + "&duration.1=0")
                .getBytes(StandardCharsets.UTF_8),
            false);
    assertThat(allBad.statusCode()).isEqualTo(400);
    assertThat(allBad.body())
        .as("the last entry's error")
        .contains("\"code\": 8")
        .contains("duration.1");
    HttpResponse<String> noMeta =
        post(
            "/v2/submit",
            submitBody("&fingerprint=" + FP + "&duration=5").getBytes(StandardCharsets.UTF_8),
            false);
    assertThat(noMeta.body()).isEqualTo("{\"status\": \"ok\", \"submissions\": []}");
    assertThat(
            post(
                    "/v2/submit",
                    ("client=" + appKey + "&fingerprint=" + FP).getBytes(StandardCharsets.UTF_8),
                    false)
                .body())
        .contains("\"code\": 2")
        .contains("\\\"user\\\"");
    assertThat(
            post(
                    "/v2/submit",
                    ("client=" + appKey + "&user=bad&fingerprint=" + FP)
                        .getBytes(StandardCharsets.UTF_8),
                    false)
                .body())
        .contains("\"code\": 6");
    assertThat(
            post(
                    "/v2/submit",
                    submitBody("&fingerprint=" + FP + "&duration=5&mbid=nope")
                        .getBytes(StandardCharsets.UTF_8),
                    false)
                .body())
        .contains("\"code\": 7");
  }

  @Test
  void submissionStatusReportsImportsThroughTheSourceTable() throws Exception {
    HttpResponse<String> submitted =
        post(
            "/v2/submit",
            submitBody("&fingerprint=" + FP + "&duration=77&mbid=" + MBID2)
                .getBytes(StandardCharsets.UTF_8),
            false);
    String id = submitted.body().replaceAll(".*\"id\": (\\d+).*", "$1");
    assertThat(get("/v2/submission_status?client=" + appKey + "&id=" + id + "&id=x").body())
        .isEqualTo(
            "{\"status\": \"ok\", \"submissions\": [{\"id\": "
                + id
                + ", \"status\": \"pending\"}]}");
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO fingerprint_source (fingerprint_id, submission_id, source_id) VALUES (7, "
              + id
              + ", 1)");
    }
    assertThat(get("/v2/submission_status?client=" + appKey + "&id=" + id).body())
        .isEqualTo(
            "{\"status\": \"ok\", \"submissions\": [{\"id\": "
                + id
                + ", \"result\": {\"id\": \"9ff43b6a-4f16-427c-93c2-92307ca505e0\"}, \"status\": \"imported\"}]}");
  }

  @Test
  void listByMbidIsCaseInsensitiveAndBatches() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO track (id, gid) VALUES (2, '11111111-2222-3333-4444-555555555555')");
      st.executeUpdate(
          "INSERT INTO track_mbid (track_id, mbid, submission_count) VALUES (1, '"
              + MBID1
              + "', 1)");
      st.executeUpdate(
          "INSERT INTO track_mbid (track_id, mbid, submission_count, disabled) VALUES (2, '"
              + MBID1
              + "', 1, true)");
    }
    assertThat(get("/v2/track/list_by_mbid?mbid=" + MBID1.toUpperCase()).body())
        .isEqualTo(
            "{\"status\": \"ok\", \"tracks\": [{\"id\": \"9ff43b6a-4f16-427c-93c2-92307ca505e0\"}]}");
    assertThat(get("/v2/track/list_by_mbid?disabled=1&mbid=" + MBID1).body())
        .contains("{\"disabled\": true, \"id\": \"11111111-2222-3333-4444-555555555555\"}");
    assertThat(get("/v2/track/list_by_mbid?batch=1&mbid=" + MBID1 + "&mbid=" + MBID2).body())
        .startsWith("{\"mbids\": [{\"mbid\": \"" + MBID1 + "\", \"tracks\": [{")
        .endsWith("{\"mbid\": \"" + MBID2 + "\", \"tracks\": []}], \"status\": \"ok\"}");
    assertThat(get("/v2/track/list_by_mbid?mbid=bad").body()).contains("\"code\": 7");
    assertThat(get("/v2/track/list_by_puid?puid=" + MBID2).body())
        .isEqualTo("{\"status\": \"ok\", \"tracks\": []}");
  }

  @Test
  void metricsCountRequestsErrorsAndDurations() throws Exception {
    get("/v2/user/lookup?user=" + userKey);
    get("/v2/user/lookup?user=nope");
    HttpResponse<String> metrics = get("/_metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    String body = metrics.body();
    assertThat(body)
        .containsPattern(
            "api_requests_total\\{request=\"UserLookupHandler\",status=\"200\"\\} [1-9]")
        .containsPattern(
            "api_handled_errors_total\\{code=\"6\",request=\"UserLookupHandler\"\\} [1-9]")
        .contains("api_request_duration_seconds_bucket{request=\"UserLookupHandler\",le=\"+Inf\"}")
        .contains("# TYPE api_request_duration_seconds histogram");
  }
}
