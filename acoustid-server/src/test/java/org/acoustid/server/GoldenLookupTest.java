package org.acoustid.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.acoustid.chromaprint.FingerprintCodec;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.SubmissionRepository;
import org.acoustid.server.db.SubmissionRepository.NewSubmission;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.importer.ImportWorker;
import org.acoustid.server.importer.SubmissionImporter;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.SharedTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every golden clip variant (MP3, noise, volume, trims, the original Ogg) looked up against the
 * imported canonical clips: the right track, with exactly the compare2 score of
 * compare_scores.json, within the duration tolerance; outside it only with a larger
 * maxdurationdiff.
 */
class GoldenLookupTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static final ObjectMapper JSON = new ObjectMapper();

  record Clip(int[] raw, int duration) {
    static Clip load(String relative) throws Exception {
      JsonNode node = JSON.readTree(SharedTestData.dir("chromaprint").resolve(relative).toFile());
      JsonNode items = node.get("fingerprint");
      int[] raw = new int[items.size()];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = (int) items.get(i).asLong();
      }
      return new Clip(raw, (int) Math.round(node.get("duration").asDouble()));
    }
  }

  @Test
  void everyVariantFindsItsClipWithTheExpectedScore() throws Exception {
    JsonNode pairs =
        JSON.readTree(SharedTestData.dir("chromaprint").resolve("compare_scores.json").toFile())
            .get("pairs");
    try (Database db = TestDatabases.migrated(pg)) {
      int account = new AccountRepository(db.dataSource()).create("golden").id();
      var app = new ApplicationRepository(db.dataSource()).create("golden", "1", account);
      Map<String, UUID> mbidOfClip = new HashMap<>();
      for (JsonNode pair : pairs) {
        String clip = pair.get("clip").asText();
        if (!clip.startsWith("mus_") || mbidOfClip.containsKey(clip)) {
          continue;
        }
        Clip original = Clip.load(pair.get("a").asText());
        UUID mbid = UUID.randomUUID();
        mbidOfClip.put(clip, mbid);
        new SubmissionRepository(db.dataSource())
            .insertAll(
                List.of(
                    new NewSubmission(
                        account,
                        app.id(),
                        "1",
                        original.raw(),
                        original.duration(),
                        null,
                        null,
                        null,
                        mbid,
                        null,
                        null)));
      }
      assertThat(mbidOfClip).hasSize(6);
      try (AcoustIdService service =
          AcoustIdService.start(
              db.dataSource(), AcoustIdService.Options.builder().api("127.0.0.1", 0).build())) {
        ImportWorker worker =
            new ImportWorker(db.dataSource(), new SubmissionImporter(service.searcher()), () -> {});
        assertThat(worker.drain()).isEqualTo(6);
        service.syncIndex();
        HttpClient http = HttpClient.newHttpClient();
        int checked = 0;
        for (JsonNode pair : pairs) {
          String clip = pair.get("clip").asText();
          float expected = (float) pair.get("compare2_maxoffset80").asDouble();
          if (!clip.startsWith("mus_") || expected <= 0.4f) {
            continue;
          }
          Clip original = Clip.load(pair.get("a").asText());
          Clip variant = Clip.load(pair.get("b").asText());
          boolean inTolerance = Math.abs(original.duration() - variant.duration()) <= 7;
          String what = clip + " " + pair.get("variant").asText();
          JsonNode results =
              lookup(
                  http,
                  service.port(),
                  app.apiKey(),
                  variant,
                  inTolerance ? "" : "&maxdurationdiff=30");
          JsonNode hit = null;
          for (JsonNode r : results) {
            if (r.toString().contains(mbidOfClip.get(clip).toString())) {
              hit = r;
            }
          }
          assertThat(hit).as(what + " finds its clip in " + results).isNotNull();
          assertThat(results.get(0)).as(what + ": its clip is the best result").isEqualTo(hit);
          assertThat((float) hit.path("score").asDouble()).as(what + " score").isEqualTo(expected);
          if (!inTolerance) {
            assertThat(lookup(http, service.port(), app.apiKey(), variant, "").toString())
                .as(what + " outside the default 7 s")
                .doesNotContain(mbidOfClip.get(clip).toString());
          }
          checked++;
        }
        assertThat(checked).as("variants checked").isGreaterThanOrEqualTo(30);
      }
    }
  }

  static JsonNode lookup(HttpClient http, int port, String key, Clip clip, String extra)
      throws Exception {
    String body =
        "client="
            + key
            + "&meta=recordingids&duration="
            + clip.duration()
            + "&fingerprint="
            + URLEncoder.encode(
                FingerprintCodec.encodeBase64(clip.raw(), 1), StandardCharsets.UTF_8)
            + extra;
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/lookup"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("results");
  }
}
