package org.acoustid.server;

import static org.acoustid.server.db.TestDatabases.snapshot;
import static org.acoustid.server.db.TestDatabases.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.web.TestApi;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * API v1 ({@code /lookup}, {@code /submit}, specification §5) on the running service: the v2
 * endpoints with {@code length}, the file format in {@code format}, recording ids as {@code
 * tracks}, every answer in XML.
 */
class ApiV1Test {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static final String TRACK = "9ff43b6a-4f16-427c-93c2-92307ca505e0";
  static final String MBID1 = "6d7b7cd4-254b-4c25-83f6-dd20f98ceacd";
  static final String MBID2 = "cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff";
  static final String XML = "<?xml version='1.0' encoding='UTF-8'?>\n";
  static Database db;
  static DataSource ds;
  static AcoustIdService service;
  static TestApi api;
  static GoldenFingerprints fp;
  static String appKey;
  static String userKey;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabases.migrated(pg);
    ds = db.dataSource();
    var account = new AccountRepository(ds).create("v1");
    userKey = account.apiKey();
    appKey = new ApplicationRepository(ds).create("v1", "1", account.id()).apiKey();
    fp = GoldenFingerprints.load("mus_main_menu");
    try (Connection c = ds.getConnection();
        PreparedStatement track =
            c.prepareStatement("INSERT INTO track (id, gid) VALUES (1, ?::uuid)");
        PreparedStatement fingerprint =
            c.prepareStatement(
                "INSERT INTO fingerprint (fingerprint, length, track_id, submission_count)"
                    + " VALUES (?, ?, 1, 1)");
        PreparedStatement mbid =
            c.prepareStatement(
                "INSERT INTO track_mbid (track_id, mbid, submission_count) VALUES (1, ?::uuid, 1)")) {
      track.setString(1, TRACK);
      track.executeUpdate();
      fingerprint.setArray(
          1, c.createArrayOf("int4", java.util.Arrays.stream(fp.raw()).boxed().toArray()));
      fingerprint.setInt(2, fp.duration());
      fingerprint.executeUpdate();
      for (String m : new String[] {MBID2, MBID1}) {
        mbid.setString(1, m);
        mbid.executeUpdate();
      }
    }
    service =
        AcoustIdService.start(ds, AcoustIdService.Options.builder().api("127.0.0.1", 0).build());
    service.syncIndex();
    api = new TestApi(service.port());
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    db.close();
  }

  static String lookupForm(String extra) {
    return "client="
        + appKey
        + "&length="
        + fp.duration()
        + "&fingerprint="
        + URLEncoder.encode(fp.compressed(), StandardCharsets.UTF_8)
        + extra;
  }

  static String xmlError(int code, String message) {
    return XML
        + "<response><error><code>"
        + code
        + "</code><message>"
        + message
        + "</message></error><status>error</status></response>";
  }

  @Test
  void lookupListsRecordingIdsAsTracksInXml() throws Exception {
    String tracks =
        "<tracks><track><id>"
            + MBID1
            + "</id></track><track><id>"
            + MBID2
            + "</id></track></tracks>";
    HttpResponse<String> r = api.post("/lookup", lookupForm("&meta=1&format=json"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml; charset=UTF-8");
    assertThat(r.body())
        .as("format is ignored: always XML")
        .isEqualTo(
            XML
                + "<response><results><result><id>"
                + TRACK
                + "</id><score>1.0</score>"
                + tracks
                + "</result></results><status>ok</status></response>");
    assertThat(api.post("/lookup/", lookupForm("&meta=recordings+releases")).body())
        .as("any non-empty meta but 0 means recording ids")
        .contains(tracks);
    for (String none : new String[] {"", "&meta=0", "&meta="}) {
      assertThat(api.post("/lookup", lookupForm(none)).body())
          .as(none)
          .isEqualTo(
              XML
                  + "<response><results><result><id>"
                  + TRACK
                  + "</id><score>1.0</score></result></results><status>ok</status></response>");
    }
    assertThat(
            api.post(
                    "/v2/lookup",
                    lookupForm("&meta=recordingids").replace("&length=", "&duration="))
                .body())
        .as("v2 keeps its names")
        .contains("\"recordings\": [{\"id\": \"" + MBID1 + "\"}");
  }

  @Test
  void lookupErrorsNameLengthAndAnswerInXml() throws Exception {
    assertThat(api.post("/lookup", lookupForm("").replace("&length=", "&duration=")).body())
        .isEqualTo(xmlError(2, "missing required parameter \"length\""));
    HttpResponse<String> zero =
        api.post("/lookup", lookupForm("").replaceFirst("&length=\\d+", "&length=0"));
    assertThat(zero.statusCode()).isEqualTo(400);
    assertThat(zero.body()).isEqualTo(xmlError(2, "missing required parameter \"length\""));
    assertThat(api.post("/lookup", lookupForm("").replace("client=" + appKey, "client=bad")).body())
        .isEqualTo(xmlError(4, "invalid API key"));
    assertThat(api.get("/lookup?format=json&length=10&fingerprint=AQAA").body())
        .isEqualTo(xmlError(2, "missing required parameter \"client\""));
    assertThat(api.get("/lookup?client=" + appKey + "&length=10&fingerprint=%21%21").body())
        .isEqualTo(xmlError(3, "invalid fingerprint"));
  }

  static String submitForm(String entries) {
    return "client=" + appKey + "&user=" + userKey + entries;
  }

  static final String FP = "AQAAA0mUaEkSRZEGAA";

  @Test
  void submitTakesLengthAndTheFileFormatAndAnswersXml() throws Exception {
    HttpResponse<String> batch =
        api.post(
            "/submit",
            submitForm(
                "&fingerprint.0="
                    + FP
                    + "&length.0=123&format.0=FLAC&bitrate.0=900&mbid.0="
                    + MBID1
                    + "&fingerprint.1="
                    + FP
                    + "&length.1=-5&mbid.1="
                    + MBID2));
    assertThat(batch.statusCode()).isEqualTo(200);
    assertThat(batch.body())
        .as("the bad second entry is skipped (§2.3)")
        .matches(
            "<\\?xml version='1.0' encoding='UTF-8'\\?>\n<response><status>ok</status><submissions>"
                + "<submission><id>(\\d+)</id><index>0</index><status>pending</status></submission>"
                + "</submissions></response>");
    String id = batch.body().replaceAll("(?s).*<id>(\\d+)</id>.*", "$1");
    assertThat(
            value(
                ds,
                "SELECT length || '|' || format || '|' || bitrate || '|' || mbid FROM submission WHERE id = ?",
                Integer.parseInt(id)))
        .isEqualTo("123|FLAC|900|" + MBID1);
    HttpResponse<String> single =
        api.post("/submit", submitForm("&fingerprint=" + FP + "&length=77&format=MP3&track=Song"));
    assertThat(single.body())
        .startsWith(XML + "<response><status>ok</status><submissions><submission><id>");
    assertThat(value(ds, "SELECT format FROM submission WHERE length = 77")).isEqualTo("MP3");
  }

  @Test
  void submitReportsEveryBadLengthAsMissingAndStoresNothing() throws Exception {
    String before = snapshot(ds, "submission");
    for (String length :
        new String[] {"", "&length=", "&length=0", "&length=-3", "&length=32768", "&length=x"}) {
      HttpResponse<String> r =
          api.post("/submit", submitForm("&fingerprint=" + FP + "&mbid=" + MBID1 + length));
      assertThat(r.statusCode()).as(length).isEqualTo(400);
      assertThat(r.body())
          .as(length)
          .isEqualTo(xmlError(2, "missing required parameter \"length\""));
    }
    assertThat(
            api.post(
                    "/submit",
                    submitForm(
                        "&fingerprint.0=%21%21&length.0=10&mbid.0="
                            + MBID1
                            + "&fingerprint.1="
                            + FP
                            + "&length.1=40000&mbid.1="
                            + MBID1))
                .body())
        .as("the last entry's error when none succeeds")
        .isEqualTo(xmlError(2, "missing required parameter \"length.1\""));
    assertThat(
            api.post("/submit", submitForm("&fingerprint=" + FP + "&length=10&mbid=nope")).body())
        .isEqualTo(xmlError(7, "parameter \"mbid\" is not a valid UUID"));
    assertThat(api.post("/submit", "client=" + appKey + "&fingerprint=" + FP + "&length=10").body())
        .isEqualTo(xmlError(2, "missing required parameter \"user\""));
    assertThat(
            api.post(
                    "/v2/submit",
                    submitForm("&fingerprint=" + FP + "&duration=32768&mbid=" + MBID1))
                .body())
        .as("v2 keeps error 8")
        .contains("\"code\": 8");
    assertThat(snapshot(ds, "submission")).isEqualTo(before);
    assertThat(api.get("/_metrics").body())
        .containsPattern(
            "api_handled_errors_total\\{code=\"2\",request=\"SubmitHandler\"\\} [1-9]");
  }
}
