package org.acoustid.server.web;

import static org.acoustid.server.db.TestDatabases.snapshot;
import static org.acoustid.server.db.TestDatabases.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.ApplicationRepository.Application;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.LookupStatsRepository;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v2/internal/*} over a real PostgreSQL: a master and a replica with the cluster secret,
 * and a node without one. Every endpoint, every error it can give, the formats; refused calls
 * change nothing.
 */
class InternalApiTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static final String SECRET = "s3cret";
  static Database db;
  static DataSource ds;
  static LocalFingerprintIndex index;
  static ApiServer masterServer;
  static ApiServer replicaServer;
  static ApiServer noSecretServer;
  static TestApi master;
  static TestApi replica;
  static TestApi noSecret;
  static int accountId;
  static Application app;
  static Application otherApp;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabases.migrated(pg);
    ds = db.dataSource();
    accountId = new AccountRepository(ds).create("owner").id();
    app = new ApplicationRepository(ds).create("app", "1", accountId);
    otherApp = new ApplicationRepository(ds).create("other", "2", accountId);
    index = LocalFingerprintIndex.inMemory();
    masterServer = start(new ClusterSettings("master", SECRET));
    replicaServer = start(new ClusterSettings("replica", SECRET));
    noSecretServer = start(new ClusterSettings(null, null));
    master = new TestApi(masterServer.port());
    replica = new TestApi(replicaServer.port());
    noSecret = new TestApi(noSecretServer.port());
  }

  static ApiServer start(ClusterSettings cluster) throws Exception {
    return ApiServer.start("127.0.0.1", 0, TestApi.services(ds, index, cluster, null));
  }

  @AfterAll
  static void stop() {
    // in parallel: each waits out its event loops' quiet period
    java.util.stream.Stream.of(masterServer, replicaServer, noSecretServer)
        .parallel()
        .forEach(ApiServer::close);
    index.close();
    db.close();
  }

  static final String NOT_ALLOWED =
      "{\"error\": {\"code\": 12, \"message\": \"not allowed\"}, \"status\": \"error\"}";

  static void assertError(HttpResponse<String> r, int http, int code, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(http);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\": {\"code\": "
                + code
                + ", \"message\": \""
                + message.replace("\"", "\\\"")
                + "\"}, \"status\": \"error\"}");
  }

  /** A number or a word of a JSON answer. */
  static String field(HttpResponse<String> r, String name) {
    return r.body().replaceAll(".*\"" + name + "\": \"?(\\w+)\"?[,}].*", "$1");
  }

  /** The id of a {@code {"api_key", "id"}} answer, after checking its shape. */
  static String createdId(HttpResponse<String> r) {
    assertThat(r.body())
        .matches("\\{\"api_key\": \"[A-Za-z0-9]{10}\", \"id\": \\d+, \"status\": \"ok\"\\}");
    return field(r, "id");
  }

  static String lookups() throws Exception {
    return snapshot(ds, "stats_lookups");
  }

  @Test
  void updateLookupStatsAddsHitsAndMissesOnTheMasterInEveryFormat() throws Exception {
    String call =
        "/v2/internal/update_lookup_stats?secret=s3cret&application_id="
            + app.id()
            + "&date=2026-11-03&hour=7";
    HttpResponse<String> json = master.get(call + "&type=hit&count=5");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).isEqualTo("{\"status\": \"ok\"}");
    assertThat(master.get(call + "&type=hit&count=2&format=xml").body())
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><status>ok</status></response>");
    assertThat(
            master
                .post(
                    "/v2/internal/update_lookup_stats",
                    call.split("\\?")[1] + "&count=4&format=jsonp&jsoncallback=cb")
                .body())
        .as("no type: a miss; parameters from the form body")
        .isEqualTo("cb({\"status\": \"ok\"})");
    assertThat(
            value(
                ds,
                "SELECT count_hits || '/' || count_nohits FROM stats_lookups"
                    + " WHERE application_id = ? AND date = '2026-11-03' AND hour = 7",
                app.id()))
        .isEqualTo("7/4");
  }

  @Test
  void updateLookupStatsRefusalsAndBadInputChangeNothing() throws Exception {
    master.get(
        "/v2/internal/update_lookup_stats?secret=s3cret&application_id="
            + app.id()
            + "&date=2026-11-04&hour=1&type=hit&count=1");
    String before = lookups();
    String ok = "&application_id=" + app.id() + "&date=2026-11-04&hour=1&type=hit&count=1";
    String path = "/v2/internal/update_lookup_stats?";
    assertError(master.get(path + "secret=wrong" + ok), 400, 12, "not allowed");
    assertError(master.get(path + ok.substring(1)), 400, 12, "not allowed");
    assertError(replica.get(path + "secret=s3cret" + ok), 400, 12, "not allowed");
    assertError(noSecret.get(path + "secret=" + ok), 400, 12, "not allowed");
    String s = "secret=s3cret";
    assertError(
        master.get(path + s + "&date=2026-11-04&hour=1&count=1"),
        400,
        2,
        "missing required parameter \"application_id\"");
    assertError(
        master.get(path + s + "&application_id=" + app.id() + "&hour=1&count=1"),
        400,
        2,
        "missing required parameter \"date\"");
    assertError(
        master.get(path + s + "&application_id=" + app.id() + "&date=2026-11-04&count=1"),
        400,
        2,
        "missing required parameter \"hour\"");
    assertError(
        master.get(path + s + "&application_id=" + app.id() + "&date=2026-11-04&hour=1"),
        400,
        2,
        "missing required parameter \"count\"");
    assertError(
        master.get(path + s + ok.replace("2026-11-04", "2026-13-04")), 500, 5, "internal error");
    assertError(master.get(path + s + ok.replace("hour=1", "hour=24")), 500, 5, "internal error");
    assertError(
        master.get(path + s + ok.replace("application_id=" + app.id(), "application_id=999999")),
        400,
        17,
        "unknown application");
    assertThat(lookups()).isEqualTo(before);
    assertThat(master.get("/_metrics").body())
        .containsPattern(
            "api_handled_errors_total\\{code=\"12\",request=\"UpdateLookupStatsHandler\"\\} [1-9]");
  }

  @Test
  void updateUserAgentStatsAddsUpOnTheMasterOnly() throws Exception {
    String path = "/v2/internal/update_user_agent_stats?";
    String ok =
        "&application_id="
            + app.id()
            + "&date=2026-11-05&user_agent=tagger%2F1.0%20(x)&ip=2001:db8::1&count=3";
    assertThat(master.get(path + "secret=s3cret" + ok).body()).isEqualTo("{\"status\": \"ok\"}");
    assertThat(master.get(path + "secret=s3cret" + ok + "&format=xml").statusCode()).isEqualTo(200);
    String before = snapshot(ds, "stats_user_agents");
    assertThat(before).contains("tagger/1.0 (x)").contains("2001:db8::1").endsWith(",6)");
    assertError(master.get(path + "secret=nope" + ok), 400, 12, "not allowed");
    assertError(replica.get(path + "secret=s3cret" + ok), 400, 12, "not allowed");
    String s = "secret=s3cret";
    assertError(
        master.get(path + s + ok.replace("&user_agent=tagger%2F1.0%20(x)", "")),
        400,
        2,
        "missing required parameter \"user_agent\"");
    assertError(
        master.get(path + s + ok.replace("&ip=2001:db8::1", "")),
        400,
        2,
        "missing required parameter \"ip\"");
    assertError(
        master.get(path + s + ok.replace("&count=3", "&count=x")),
        400,
        2,
        "missing required parameter \"count\"");
    assertError(
        master.get(path + s + ok.replace("2026-11-05", "5.11.2026")), 500, 5, "internal error");
    assertError(
        master.get(path + s + ok.replace("application_id=" + app.id(), "application_id=0")),
        400,
        17,
        "unknown application");
    assertThat(snapshot(ds, "stats_user_agents")).isEqualTo(before);
  }

  @Test
  void lookupStatsSumsTheApplicationsPerDayOverTheWindow() throws Exception {
    Application a = new ApplicationRepository(ds).create("stats-a", "1", accountId);
    Application b = new ApplicationRepository(ds).create("stats-b", "1", accountId);
    LookupStatsRepository stats = new LookupStatsRepository(ds);
    LocalDate today = LocalDate.now();
    stats.addLookups(a.id(), today, 3, 100, 100); // today: outside the default window
    stats.addLookups(a.id(), today.minusDays(1), 3, 10, 1);
    stats.addLookups(a.id(), today.minusDays(1), 4, 5, 0);
    stats.addLookups(b.id(), today.minusDays(1), 0, 1, 2);
    stats.addLookups(a.id(), today.minusDays(29), 0, 7, 7); // the oldest day of 30
    stats.addLookups(a.id(), today.minusDays(30), 0, 9, 9); // outside
    String keys = "&client=" + a.apiKey() + "&client=" + b.apiKey() + "&client=unknown";
    String d1 = today.minusDays(1).toString();
    String d29 = today.minusDays(29).toString();
    assertThat(master.get("/v2/internal/lookup_stats?secret=s3cret" + keys).body())
        .isEqualTo(
            "{\"stats\": [{\"count\": 14, \"count_hits\": 7, \"count_nohits\": 7, \"date\": \""
                + d29
                + "\"}, {\"count\": 19, \"count_hits\": 16, \"count_nohits\": 3, \"date\": \""
                + d1
                + "\"}], \"status\": \"ok\"}");
    assertThat(
            replica
                .get(
                    "/v2/internal/lookup_stats?format=xml&days=2&secret=s3cret&client="
                        + a.apiKey())
                .body())
        .as("one application, the last two days, on a replica too, in XML")
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><stats><stat><count>16</count>"
                + "<count_hits>15</count_hits><count_nohits>1</count_nohits><date>"
                + d1
                + "</date></stat></stats><status>ok</status></response>");
    assertThat(
            master
                .get(
                    "/v2/internal/lookup_stats?secret=s3cret&client="
                        + a.apiKey()
                        + "&from="
                        + today.minusDays(30)
                        + "&to="
                        + today)
                .body())
        .as("from and to, both included")
        .contains("\"count\": 18, ")
        .contains("\"count\": 200, ");
    assertThat(
            master
                .get("/v2/internal/lookup_stats?secret=s3cret&to=2000-01-01&client=" + a.apiKey())
                .body())
        .isEqualTo("{\"stats\": [], \"status\": \"ok\"}");
    assertThat(
            master
                .get(
                    "/v2/internal/lookup_stats?format=xml&secret=s3cret&to=2000-01-01&client="
                        + a.apiKey())
                .body())
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><stats /><status>ok</status></response>");
    assertError(master.get("/v2/internal/lookup_stats?secret=s3cret"), 400, 4, "invalid API key");
    assertError(
        master.get("/v2/internal/lookup_stats?secret=s3cret&client=nope"),
        400,
        4,
        "invalid API key");
    assertError(
        master.get("/v2/internal/lookup_stats?secret=nope&client=" + a.apiKey()),
        400,
        12,
        "not allowed");
    assertError(
        master.get("/v2/internal/lookup_stats?secret=s3cret&from=yesterday&client=" + a.apiKey()),
        500,
        5,
        "internal error");
  }

  @Test
  void accountsAndApplicationsAreCreatedWithTheSecretOnly() throws Exception {
    HttpResponse<String> account = master.get("/v2/internal/create_account?secret=s3cret");
    String id = createdId(account);
    String key = field(account, "api_key");
    assertThat(
            value(
                ds, "SELECT name || ':' || apikey FROM account WHERE id = ?", Integer.parseInt(id)))
        .isEqualTo("External User:" + key);
    assertThat(replica.get("/v2/internal/create_account?secret=s3cret&format=xml").body())
        .as("not master only")
        .matches(
            "<\\?xml version='1.0' encoding='UTF-8'\\?>\n<response><api_key>\\w{10}</api_key><id>\\d+</id><status>ok</status></response>");
    HttpResponse<String> created =
        master.post(
            "/v2/internal/create_application",
            "secret=s3cret&account_id=" + id + "&name=My+Tagger&version=0.9");
    String appId = createdId(created);
    String appKey = field(created, "api_key");
    assertThat(
            value(
                ds,
                "SELECT name || '|' || version || '|' || account_id || '|' || active FROM application"
                    + " WHERE id = ? AND apikey = ?",
                Integer.parseInt(appId),
                appKey))
        .isEqualTo("My Tagger|0.9|" + id + "|true");
    assertThat(master.get("/v2/internal/check_application?secret=s3cret&api_key=" + appKey).body())
        .isEqualTo("{\"id\": " + appId + ", \"status\": \"ok\"}");

    String accounts = snapshot(ds, "account");
    String applications = snapshot(ds, "application");
    assertThat(master.get("/v2/internal/create_account?secret=S3CRET").body())
        .isEqualTo(NOT_ALLOWED);
    assertThat(noSecret.get("/v2/internal/create_account").body()).isEqualTo(NOT_ALLOWED);
    String app = "/v2/internal/create_application?secret=s3cret";
    assertThat(
            master
                .get(app.replace("s3cret", "x") + "&account_id=" + id + "&name=n&version=1")
                .body())
        .isEqualTo(NOT_ALLOWED);
    assertError(
        master.get(app + "&name=n&version=1"), 400, 2, "missing required parameter \"account_id\"");
    assertError(
        master.get(app + "&account_id=" + id + "&name=&version=1"),
        400,
        2,
        "missing required parameter \"name\"");
    assertError(
        master.get(app + "&account_id=" + id + "&name=n"),
        400,
        2,
        "missing required parameter \"version\"");
    assertError(master.get(app + "&account_id=999999&name=n&version=1"), 500, 5, "internal error");
    assertThat(snapshot(ds, "account")).isEqualTo(accounts);
    assertThat(snapshot(ds, "application")).isEqualTo(applications);
  }

  @Test
  void applicationStatusBelongsToItsAccountAndZeroMeansOff() throws Exception {
    Application target = new ApplicationRepository(ds).create("switch", "1", accountId);
    String path =
        "/v2/internal/update_application_status?secret=s3cret&account_id="
            + accountId
            + "&application_id="
            + target.id();
    assertThat(master.get(path + "&active=0").body())
        .isEqualTo("{\"active\": false, \"id\": " + target.id() + ", \"status\": \"ok\"}");
    assertError(
        master.get("/v2/internal/check_application?secret=s3cret&api_key=" + target.apiKey()),
        400,
        4,
        "invalid API key");
    assertThat(master.get(path + "&active=1&format=xml").body())
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><active>True</active><id>"
                + target.id()
                + "</id><status>ok</status></response>");
    assertThat(
            master
                .get("/v2/internal/check_application?secret=s3cret&api_key=" + target.apiKey())
                .body())
        .isEqualTo("{\"id\": " + target.id() + ", \"status\": \"ok\"}");
    assertThat(master.get(path + "&active=false").body()).contains("\"active\": false");
    assertThat(master.get(path + "&active=yes").body()).contains("\"active\": true");
    assertThat(master.get(path).body()).as("absent: off").contains("\"active\": false");
    assertThat(master.get(path + "&active=on&format=jsonp").body())
        .isEqualTo(
            "jsonAcoustidApi({\"active\": true, \"id\": " + target.id() + ", \"status\": \"ok\"})");

    String applications = snapshot(ds, "application");
    int stranger = new AccountRepository(ds).create("stranger").id();
    String foreign =
        "/v2/internal/update_application_status?secret=wrong&active=0&account_id="
            + stranger
            + "&application_id="
            + target.id();
    assertError(master.get(foreign), 400, 17, "unknown application");
    assertError(master.get(foreign.replace("secret=wrong&", "")), 400, 17, "unknown application");
    assertError(
        master.get(
            "/v2/internal/update_application_status?secret=s3cret&active=0&application_id="
                + target.id()),
        400,
        17,
        "unknown application");
    assertError(master.get(path.replace("s3cret", "wrong") + "&active=0"), 400, 12, "not allowed");
    assertThat(snapshot(ds, "application")).isEqualTo(applications);
  }

  @Test
  void checkApplicationNeedsTheSecretAndAnActiveKey() throws Exception {
    assertThat(
            master
                .get(
                    "/v2/internal/check_application?secret=s3cret&format=xml&api_key="
                        + otherApp.apiKey())
                .body())
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><id>"
                + otherApp.id()
                + "</id><status>ok</status></response>");
    assertThat(
            replica
                .get("/v2/internal/check_application?secret=s3cret&api_key=" + otherApp.apiKey())
                .statusCode())
        .isEqualTo(200);
    assertError(
        master.get("/v2/internal/check_application?secret=s3cret"), 400, 4, "invalid API key");
    assertError(
        master.get("/v2/internal/check_application?secret=s3cret&api_key=nope"),
        400,
        4,
        "invalid API key");
    assertError(
        master.get("/v2/internal/check_application?api_key=" + otherApp.apiKey()),
        400,
        12,
        "not allowed");
    assertThat(master.get("/v2/internal/check_application?format=xml&secret=no&api_key=x").body())
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><error><code>12</code><message>not allowed</message></error><status>error</status></response>");
    assertThat(master.get("/v2/internal/nothing?secret=s3cret").statusCode()).isEqualTo(404);
  }

  @Test
  void healthSaysWhetherThisNodeIsTheMaster() throws Exception {
    assertThat(master.get("/_health").body()).isEqualTo("ok");
    HttpResponse<String> notMaster = replica.get("/_health");
    assertThat(notMaster.statusCode()).isEqualTo(503);
    assertThat(notMaster.body()).isEqualTo("not the master server");
    assertThat(replica.get("/_health_ro").statusCode()).isEqualTo(200);
    assertThat(replica.get("/_health_docker").statusCode()).isEqualTo(200);
    assertThat(noSecret.get("/_health").statusCode()).isEqualTo(200);
  }
}
