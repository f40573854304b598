package org.acoustid.server;

import static org.acoustid.server.db.TestDatabases.update;
import static org.acoustid.server.db.TestDatabases.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.db.TestMusicBrainz;
import org.acoustid.server.index.IndexUpdater;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.server.tasks.RedisTaskQueue;
import org.acoustid.server.web.ApiServer;
import org.acoustid.server.web.TestApi;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.RedisFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lookups asking for {@code merge_missing_mbid} (specification §8.2, §13.3) on the real PostgreSQL
 * with a minimal MusicBrainz schema: through the Redis lists {@code tasks:xx} (exactly one message
 * however many lookups see the MBID), and in one process without Redis, where the worker merges a
 * redirected MBID and the next lookups show the new one.
 */
class MissingMbidLookupTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  @RegisterExtension static final RedisFixture redis = new RedisFixture();
  static final ObjectMapper JSON = new ObjectMapper();

  static Database db;
  static DataSource ds;
  static TestMusicBrainz musicBrainz;
  static String appKey;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabases.migrated(pg);
    ds = db.dataSource();
    musicBrainz = TestMusicBrainz.create(ds);
    int account = new AccountRepository(ds).create("looker").id();
    appKey = new ApplicationRepository(ds).create("looker", "1", account).apiKey();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** A track holding {@code fp}, linked to {@code mbids} (each with one submission). */
  static void track(GoldenFingerprints fp, UUID... mbids) throws Exception {
    int track =
        Integer.parseInt(
            value(ds, "INSERT INTO track (gid) VALUES (gen_random_uuid()) RETURNING id"));
    update(
        ds,
        "INSERT INTO fingerprint (fingerprint, length, track_id, submission_count)"
            + " VALUES (?::int4[], ?, ?, 1)",
        java.util.Arrays.toString(fp.raw()).replace('[', '{').replace(']', '}'),
        fp.duration(),
        track);
    for (UUID mbid : mbids) {
      update(
          ds,
          "INSERT INTO track_mbid (track_id, mbid, submission_count) VALUES (?, ?, 1)",
          track,
          mbid);
    }
  }

  static String lookupForm(GoldenFingerprints fp, String meta) {
    return "client="
        + appKey
        + "&meta="
        + meta
        + "&duration="
        + fp.duration()
        + "&fingerprint="
        + URLEncoder.encode(fp.compressed(), StandardCharsets.UTF_8);
  }

  /** The recording ids of the first result of a lookup answer. */
  static List<String> recordingIds(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode r : JSON.readTree(response.body()).path("results").get(0).path("recordings")) {
      ids.add(r.path("id").asText());
    }
    return ids;
  }

  @Test
  void manyLookupsOfAnMbidMissingFromMusicBrainzQueueExactlyOneMerge() throws Exception {
    GoldenFingerprints fp = GoldenFingerprints.load("mus_battle");
    UUID known = UUID.randomUUID();
    UUID missing = UUID.randomUUID();
    musicBrainz.recording(known);
    track(fp, known, missing);
    String prefix = redis.prefix() + "lookup:";
    try (LocalFingerprintIndex index = LocalFingerprintIndex.inMemory();
        RedisTaskQueue tasks = new RedisTaskQueue(redis.url(), prefix)) {
      new IndexUpdater(ds, index, 1000).catchUp();
      ApiServer server =
          ApiServer.start(
              "127.0.0.1", 0, TestApi.services(ds, index, ClusterSettings.DEFAULT, null, tasks));
      try {
        TestApi api = new TestApi(server.port());
        List<String> expected = List.of(known.toString(), missing.toString());
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
          List<Future<List<String>>> answers = new ArrayList<>();
          for (int i = 0; i < 40; i++) {
            answers.add(
                pool.submit(
                    () -> recordingIds(api.post("/v2/lookup", lookupForm(fp, "recordings")))));
          }
          for (Future<List<String>> answer : answers) {
            assertThat(answer.get()).containsExactlyInAnyOrderElementsOf(expected);
          }
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (tasks.queued() + tasks.duplicates() + tasks.dropped() < 1
            && Instant.now().isBefore(deadline)) {
          Thread.sleep(5); // polling a condition, not timing anything
        }
        List<String> messages = new ArrayList<>();
        for (int p = 0; p < 256; p++) {
          messages.addAll(
              redis.commands().lrange(prefix + "tasks:" + String.format("%02x", p), 0, -1));
        }
        assertThat(messages)
            .as("40 lookups, one merge, only for the MBID MusicBrainz lacks")
            .containsExactly(
                "{\"name\":\"merge_missing_mbid\",\"kwargs\":{\"mbid\":\"" + missing + "\"}}");
      } finally {
        server.close();
      }
    }
  }

  @Test
  void withoutRedisTheWorkerOfTheSameProcessMergesARedirectedMbid() throws Exception {
    GoldenFingerprints fp = GoldenFingerprints.load("mus_elvish");
    UUID old = UUID.randomUUID();
    UUID merged = UUID.randomUUID();
    musicBrainz.redirect(old, merged);
    track(fp, old);
    try (AcoustIdService service =
        AcoustIdService.start(
            ds, AcoustIdService.Options.builder().api("127.0.0.1", 0).worker(true).build())) {
      service.syncIndex();
      TestApi api = new TestApi(service.port());
      assertThat(recordingIds(api.post("/v2/lookup", lookupForm(fp, "recordings"))))
          .as("MusicBrainz does not know the old MBID: it is answered and a merge is asked for")
          .containsExactly(old.toString());
      Instant deadline = Instant.now().plusSeconds(10);
      List<String> ids = List.of();
      while (Instant.now().isBefore(deadline)) {
        ids = recordingIds(api.post("/v2/lookup", lookupForm(fp, "recordings")));
        if (ids.equals(List.of(merged.toString()))) {
          break;
        }
        Thread.sleep(20); // polling a condition, not timing anything
      }
      assertThat(ids).containsExactly(merged.toString());
      assertThat(
              value(
                  ds,
                  "SELECT count(*) FROM track_mbid WHERE mbid = ? AND merged_into IS NOT NULL",
                  old))
          .isEqualTo("1");
    }
  }
}
