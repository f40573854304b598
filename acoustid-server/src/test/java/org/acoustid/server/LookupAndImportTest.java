package org.acoustid.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.acoustid.chromaprint.FingerprintComparator;
import org.acoustid.chromaprint.QueryExtractor;
import org.acoustid.client.AcoustIdClient;
import org.acoustid.client.ClientOptions;
import org.acoustid.client.LookupResult;
import org.acoustid.client.Meta;
import org.acoustid.client.Submission;
import org.acoustid.client.SubmissionResult;
import org.acoustid.client.SubmissionStatus;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.db.TestMusicBrainz;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.server.tools.DirectoryImport;
import org.acoustid.server.tools.IndexRebuild;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.SharedTestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on a real PostgreSQL: submit over HTTP, the worker imports (track matching,
 * fingerprint reuse, links), the changelog feeds the in-process index, lookups find the tracks with
 * the spec's thresholds, duration tolerance and metadata.
 */
class LookupAndImportTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static Database db;
  static AcoustIdService service;
  static String appKey;
  static String userKey;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabases.migrated(pg);
    var account = new AccountRepository(db.dataSource()).create("tester");
    userKey = account.apiKey();
    appKey = new ApplicationRepository(db.dataSource()).create("app", "1", account.id()).apiKey();
    service =
        AcoustIdService.start(
            db.dataSource(),
            AcoustIdService.Options.builder().api("127.0.0.1", 0).worker(true).build());
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    db.close();
  }

  static JsonNode call(String path, String form) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    body =
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("http", response.statusCode());
    return body;
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static int submit(GoldenFingerprints fp, String extra) throws Exception {
    JsonNode r =
        call(
            "/v2/submit",
            "client="
                + appKey
                + "&user="
                + userKey
                + "&duration="
                + fp.duration()
                + "&fingerprint="
                + enc(fp.compressed())
                + extra);
    assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("ok");
    return r.path("submissions").get(0).path("id").asInt();
  }

  /** Waits (up to 30 s) until the worker has imported {@code id}; returns its track gid. */
  static String awaitImported(int id) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      JsonNode r = call("/v2/submission_status", "client=" + appKey + "&id=" + id);
      JsonNode s = r.path("submissions").get(0);
      if (s.path("status").asText().equals("imported")) {
        return s.path("result").path("id").asText();
      }
      Thread.sleep(20); // polling a condition, not timing anything
    }
    throw new AssertionError("submission " + id + " not imported within 30 s");
  }

  static JsonNode lookup(GoldenFingerprints fp, String extra) throws Exception {
    return call(
        "/v2/lookup",
        "client="
            + appKey
            + "&duration="
            + fp.duration()
            + "&fingerprint="
            + enc(fp.compressed())
            + extra);
  }

  static int count(String sql, Object param) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setObject(1, param);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void aSubmissionIsFoundByLookupWithinSecondsWithoutAnyManualStep() throws Exception {
    GoldenFingerprints fp = GoldenFingerprints.load("mus_knalgan");
    String mbid = UUID.randomUUID().toString();
    String track = awaitImported(submit(fp, "&mbid=" + mbid));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    JsonNode r = lookup(fp, "&meta=recordingids");
    while (r.path("results").isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(20); // the index updater is woken by the import; wait for that condition
      r = lookup(fp, "&meta=recordingids");
    }
    assertThat(r.path("results")).hasSize(1);
    JsonNode result = r.path("results").get(0);
    assertThat(result.path("id").asText()).isEqualTo(track);
    assertThat(result.path("score").asDouble()).isEqualTo(1.0);
    assertThat(result.path("recordings").get(0).path("id").asText()).isEqualTo(mbid);
  }

  @Test
  void variantsOfOneSongShareATrackAndOtherSongsDoNot() throws Exception {
    GoldenFingerprints original = GoldenFingerprints.load("mus_battle");
    GoldenFingerprints mp3 = GoldenFingerprints.load("mus_battle.mp3_64k");
    GoldenFingerprints other = GoldenFingerprints.load("mus_elvish");
    String first = awaitImported(submit(original, "&mbid=" + UUID.randomUUID()));
    service.syncIndex();
    String second = awaitImported(submit(mp3, "&track=Battle&artist=Wesnoth"));
    String third = awaitImported(submit(other, "&track=Elvish"));
    assertThat(second).as("an mp3 of the same clip joins its track").isEqualTo(first);
    assertThat(third).as("another song gets its own track").isNotEqualTo(first);

    float score =
        FingerprintComparator.compare2(
            original.raw(), mp3.raw(), FingerprintComparator.SERVER_MAX_OFFSET);
    int fingerprints =
        count(
            "SELECT count(*) FROM fingerprint f JOIN track t ON t.id = f.track_id WHERE t.gid = ?",
            UUID.fromString(first));
    assertThat(fingerprints)
        .as("reused above 0.9 (score %s), a new row otherwise", score)
        .isEqualTo(score > 0.9f ? 1 : 2);
    assertThat(
            count(
                "SELECT count(*) FROM fingerprint_source fs JOIN fingerprint f ON f.id ="
                    + " fs.fingerprint_id JOIN track t ON t.id = f.track_id WHERE t.gid = ?",
                UUID.fromString(first)))
        .as("provenance of both submissions")
        .isEqualTo(2);

    service.syncIndex();
    JsonNode noisy =
        lookup(GoldenFingerprints.load("mus_battle.noise20db"), "&meta=recordings+usermeta");
    assertThat(noisy.path("results").get(0).path("id").asText()).isEqualTo(first);
    JsonNode usermeta = noisy.path("results").get(0).path("recordings");
    assertThat(usermeta.toString()).contains("\"title\":\"Battle\"").contains("[\"Wesnoth\"]");
  }

  @Test
  void durationToleranceAndMaxDurationDiff() throws Exception {
    GoldenFingerprints fp = GoldenFingerprints.load("mus_minstrels");
    String track = awaitImported(submit(fp, "&mbid=" + UUID.randomUUID()));
    service.syncIndex();
    GoldenFingerprints shifted = new GoldenFingerprints(fp.compressed(), fp.duration() + 8, null);
    assertThat(lookup(shifted, "").path("results")).as("8 s off, default 7").isEmpty();
    assertThat(lookup(shifted, "&maxdurationdiff=8").path("results").get(0).path("id").asText())
        .isEqualTo(track);
    assertThat(lookup(shifted, "&maxdurationdiff=31").path("error").path("code").asInt())
        .isEqualTo(11);
  }

  @Test
  void trackIdAndBatchLookups() throws Exception {
    GoldenFingerprints fp = GoldenFingerprints.load("mus_northerners");
    String track = awaitImported(submit(fp, "&mbid=" + UUID.randomUUID()));
    service.syncIndex();
    JsonNode byId = call("/v2/lookup", "client=" + appKey + "&trackid=" + track);
    assertThat(byId.path("results").get(0).path("id").asText()).isEqualTo(track);
    assertThat(byId.path("results").get(0).path("score").asDouble()).isEqualTo(1.0);
    JsonNode batch =
        call(
            "/v2/lookup",
            "client="
                + appKey
                + "&batch=1&duration.0="
                + fp.duration()
                + "&fingerprint.0="
                + enc(fp.compressed())
                + "&trackid.1="
                + UUID.randomUUID()
                + "&trackid.2="
                + track);
    assertThat(batch.path("fingerprints")).hasSize(3);
    assertThat(batch.path("fingerprints").get(0).path("index").asInt()).isEqualTo(0);
    assertThat(batch.path("fingerprints").get(0).path("results").get(0).path("id").asText())
        .isEqualTo(track);
    assertThat(batch.path("fingerprints").get(1).path("results")).as("unknown track").isEmpty();
    assertThat(batch.path("fingerprints").get(2).path("results").get(0).path("id").asText())
        .isEqualTo(track);
  }

  @Test
  void lookupErrors() throws Exception {
    GoldenFingerprints fp = GoldenFingerprints.load("syn_chords");
    JsonNode noDuration =
        call("/v2/lookup", "client=" + appKey + "&fingerprint=" + enc(fp.compressed()));
    assertThat(noDuration.path("error").path("code").asInt()).isEqualTo(2);
    assertThat(noDuration.path("error").path("message").asText()).contains("duration");
    assertThat(
            call("/v2/lookup", "client=" + appKey + "&duration=10&fingerprint=%21%21%21")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(3);
    assertThat(
            call("/v2/lookup", "client=nope&duration=10&fingerprint=x")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(4);
    assertThat(
            call("/v2/lookup", "client=" + appKey + "&trackid=xyz")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(7);
    StringBuilder many = new StringBuilder("client=" + appKey + "&batch=1");
    for (int i = 0; i < 21; i++) {
      many.append("&duration.")
          .append(i)
          .append("=30&fingerprint.")
          .append(i)
          .append('=')
          .append(enc(fp.compressed()));
    }
    JsonNode tooMany = call("/v2/lookup", many.toString());
    assertThat(tooMany.path("error").path("code").asInt()).isEqualTo(19);
    assertThat(tooMany.path("http").asInt()).isEqualTo(413);
  }

  @Test
  void fingerprintsWithTooFewDistinctHashesAreHandledButNotStored() throws Exception {
    int[] repetitive = new int[200];
    for (int i = 0; i < repetitive.length; i++) {
      repetitive[i] = 0x1234_5670 + (i % 40);
    }
    GoldenFingerprints fp =
        new GoldenFingerprints(GoldenFingerprints.encode(repetitive), 25, repetitive);
    int id = submit(fp, "&mbid=" + UUID.randomUUID());
    service.syncIndex();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (count("SELECT count(*) FROM pending_submission WHERE id = ?", id) > 0
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    assertThat(count("SELECT count(*) FROM submission WHERE handled AND id = ?", id)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM submission_result WHERE submission_id = ?", id))
        .isZero();
  }

  @Test
  void aFreshIndexCatchesUpFromTheChangelog() throws Exception {
    GoldenFingerprints fp = GoldenFingerprints.load("mus_main_menu");
    String track = awaitImported(submit(fp, "&mbid=" + UUID.randomUUID()));
    try (AcoustIdService second =
        AcoustIdService.start(
            db.dataSource(), AcoustIdService.Options.builder().api("127.0.0.1", 0).build())) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + second.port()
                              + "/v2/lookup?client="
                              + appKey
                              + "&duration="
                              + fp.duration()
                              + "&fingerprint="
                              + enc(fp.compressed())))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(response.body()).path("results").get(0).path("id").asText())
          .isEqualTo(track);
    }
  }

  /** The Java SDK pointed at the running service with the test's application and user keys. */
  static AcoustIdClient sdkClient() {
    return AcoustIdClient.create(
        ClientOptions.builder()
            .baseUrl("http://127.0.0.1:" + service.port() + "/v2/")
            .apiKey(appKey)
            .userKey(userKey)
            .requestsPerSecond(100)
            .build());
  }

  @Test
  void importDirectoryIsResumableAndResubmitsChangedFiles(@TempDir Path tmp) throws Exception {
    Path music = Files.createDirectories(tmp.resolve("music"));
    Path audio = SharedTestData.dir("chromaprint").resolve("audio");
    Files.copy(audio.resolve("syn_chords.wav"), music.resolve("chords.wav"));
    Files.copy(audio.resolve("syn_sweep.wav"), music.resolve("sweep.wav"));
    Files.writeString(music.resolve("notes.txt"), "not audio");
    AcoustIdClient client = sdkClient();
    Path state = tmp.resolve("import.state");
    StringWriter err = new StringWriter();
    DirectoryImport importer = new DirectoryImport(client, state, new PrintWriter(err, true));
    assertThat(importer.run(music)).isEqualTo(new DirectoryImport.Result(2, 0, 0));
    assertThat(err.toString()).contains("2/2 files");
    assertThat(importer.run(music))
        .as("resumed: nothing left")
        .isEqualTo(new DirectoryImport.Result(0, 2, 0));
    Files.setLastModifiedTime(
        music.resolve("sweep.wav"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    assertThat(importer.run(music))
        .as("changed file")
        .isEqualTo(new DirectoryImport.Result(1, 1, 0));
    assertThat(count("SELECT count(*) FROM submission WHERE meta->>'track' = ?", "sweep"))
        .as("untagged files carry their name as the title")
        .isEqualTo(2);
  }

  @Test
  void indexRebuildMatchesTheDatabaseAndResumesAtItsPosition(@TempDir Path tmp) throws Exception {
    awaitImported(submit(GoldenFingerprints.load("syn_pinknoise"), "&mbid=" + UUID.randomUUID()));
    Path dir = tmp.resolve("index");
    long indexed = IndexRebuild.rebuild(db.dataSource(), dir, new PrintWriter(new StringWriter()));
    assertThat(indexed).isEqualTo(count("SELECT count(*) FROM fingerprint WHERE id > ?", 0));
    try (LocalFingerprintIndex index = LocalFingerprintIndex.open(dir)) {
      assertThat(index.size()).isEqualTo(indexed);
      assertThat(index.changelogPosition())
          .isEqualTo(count("SELECT max(id) FROM fpindex_changelog WHERE id > ?", 0L));
      GoldenFingerprints pink = GoldenFingerprints.load("syn_pinknoise");
      assertThat(index.search(QueryExtractor.extract(pink.raw()), 1)).isNotEmpty();
    }
    IndexRebuild.rebuild(db.dataSource(), dir, new PrintWriter(new StringWriter()));
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList())
        .as("a second rebuild replaces the first and leaves no work directories")
        .containsExactly("index");
  }

  @Test
  void theJavaSdkRoundTripsAgainstTheRealService() throws Exception {
    AcoustIdClient client = sdkClient();
    Path wav = SharedTestData.dir("chromaprint").resolve("audio").resolve("syn_bursts_leadsil.wav");
    AcoustIdClient.FileFingerprint fp = AcoustIdClient.fingerprintFile(wav);
    String mbid = UUID.randomUUID().toString();
    List<SubmissionResult> submitted =
        client.submit(
            Submission.builder(fp.fingerprint(), fp.durationSeconds()).mbid(mbid).build());
    assertThat(submitted).hasSize(1);
    List<SubmissionStatus> statuses =
        client.awaitImported(
            List.of(submitted.get(0).id()), Duration.ofSeconds(30), Duration.ofMillis(20));
    assertThat(statuses.get(0).imported()).as(statuses.toString()).isTrue();
    service.syncIndex();
    List<LookupResult> found =
        client.lookup(fp.fingerprint(), fp.durationSeconds(), EnumSet.of(Meta.RECORDING_IDS));
    assertThat(found.get(0).trackId()).isEqualTo(statuses.get(0).trackId());
    assertThat(found.get(0).recordings().get(0).id()).isEqualTo(mbid);
    assertThat(client.match(wav, EnumSet.of(Meta.RECORDING_IDS)).get(0).trackId())
        .as("match(file): decode, fingerprint, look up")
        .isEqualTo(statuses.get(0).trackId());
    assertThat(client.listByMbid(List.of(mbid)).get(mbid))
        .containsExactly(statuses.get(0).trackId());
  }

  @Test
  void batchLookupsSkipBadEntriesAndErrorsRenderInEveryFormat() throws Exception {
    GoldenFingerprints fp = GoldenFingerprints.load("mus_elvish.vol_minus6db");
    String track = awaitImported(submit(fp, "&mbid=" + UUID.randomUUID()));
    service.syncIndex();
    String good = "&duration.1=" + fp.duration() + "&fingerprint.1=" + enc(fp.compressed());
    JsonNode batch =
        call(
            "/v2/lookup",
            "client="
                + appKey
                + "&batch=1&duration.0=30&fingerprint.0=%21%21"
                + good
                + "&trackid.2=not-a-uuid");
    assertThat(batch.path("status").asText()).isEqualTo("ok");
    assertThat(batch.path("fingerprints")).as("bad entries 0 and 2 skipped").hasSize(1);
    assertThat(batch.path("fingerprints").get(0).path("index").asInt()).isEqualTo(1);
    assertThat(batch.path("fingerprints").get(0).path("results").get(0).path("id").asText())
        .isEqualTo(track);
    JsonNode allBad =
        call(
            "/v2/lookup",
            "client=" + appKey + "&batch=1&fingerprint.0=%21%21&duration.0=30&trackid.1=x");
    assertThat(allBad.path("error").path("code").asInt()).as("the last entry's error").isEqualTo(7);

    HttpResponse<String> xml =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + service.port()
                            + "/v2/lookup?format=xml&client="
                            + appKey))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(xml.statusCode()).isEqualTo(400);
    assertThat(xml.body())
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><error><code>2</code><message>missing"
                + " required parameter \"fingerprint\"</message></error><status>error</status></response>");
    HttpResponse<String> jsonp =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + service.port()
                            + "/v2/lookup?format=jsonp&jsoncallback=cb&client="
                            + appKey
                            + "&duration="
                            + fp.duration()
                            + "&fingerprint="
                            + enc(fp.compressed())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(jsonp.body()).startsWith("cb({\"results\": [{\"id\": \"" + track + "\"");
  }

  @Test
  void recordingsComeFromAMusicBrainzReplicaWhenTheDatabaseHasOne() throws Exception {
    String mbid = UUID.randomUUID().toString();
    TestMusicBrainz musicBrainz = TestMusicBrainz.create(db.dataSource());
    try (Connection c = db.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO musicbrainz.artist VALUES"
              + " (1, '6d7b7cd4-254b-4c25-83f6-dd20f98ceacd', 'M83'),"
              + " (2, '0b30341b-b59d-4979-8130-b66c0e475321', 'Guest')");
      st.execute(
          "INSERT INTO musicbrainz.artist_credit_name VALUES (77, 1, 2, 'Guest', ''),"
              + " (77, 0, 1, 'M83', ' feat. ')");
    }
    musicBrainz.recording(
        UUID.fromString(mbid), "Lower Your Eyelids to Die With the Sun", 639387, 77);
    GoldenFingerprints fp = GoldenFingerprints.load("syn_chords");
    String track = awaitImported(submit(fp, "&mbid=" + mbid + "&track=User+title"));
    service.syncIndex();
    JsonNode results = lookup(fp, "&meta=recordings+usermeta").path("results");
    assertThat(results.get(0).path("id").asText()).isEqualTo(track);
    assertThat(results.get(0).path("recordings").toString())
        .isEqualTo(
            "[{\"artists\":[{\"id\":\"6d7b7cd4-254b-4c25-83f6-dd20f98ceacd\",\"joinphrase\":\" feat. \","
                + "\"name\":\"M83\"},{\"id\":\"0b30341b-b59d-4979-8130-b66c0e475321\",\"name\":\"Guest\"}],"
                + "\"duration\":639.387,\"id\":\""
                + mbid
                + "\",\"title\":\"Lower Your Eyelids to Die With the Sun\"}]")
        .as("MusicBrainz knows the recording, so no user metadata is appended")
        .doesNotContain("User title");
    assertThat(
            lookup(fp, "&meta=recordingids").path("results").get(0).path("recordings").toString())
        .isEqualTo("[{\"id\":\"" + mbid + "\"}]");
  }
}
