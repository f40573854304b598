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
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.acoustid.fpindex.server.FpIndexServer;
import org.acoustid.fpindex.server.ServerOptions;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.SubmissionRepository;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.importer.ImportWorker;
import org.acoustid.server.importer.SubmissionImporter;
import org.acoustid.server.index.RemoteIndexClient;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Production layout in one JVM: the API with its index sharded over two fpindex-server nodes. */
class RemoteIndexLookupTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  @TempDir Path tmp;

  @Test
  void importedFingerprintsReachTheNodesAndLookupsFindThem() throws Exception {
    try (Database db = TestDatabases.migrated(pg);
        FpIndexServer a = node("a");
        FpIndexServer b = node("b")) {
      int account = new AccountRepository(db.dataSource()).create("remote").id();
      var app = new ApplicationRepository(db.dataSource()).create("remote", "1", account);
      List<String> clips = List.of("mus_battle", "mus_elvish", "mus_knalgan", "mus_minstrels");
      for (String clip : clips) {
        new SubmissionRepository(db.dataSource())
            .insertAll(
                List.of(
                    GoldenFingerprints.load(clip)
                        .submission(account, app.id(), UUID.randomUUID())));
      }
      List<String> urls =
          List.of("http://127.0.0.1:" + a.httpPort(), "http://127.0.0.1:" + b.httpPort());
      try (AcoustIdService service =
          AcoustIdService.start(
              db.dataSource(),
              AcoustIdService.Options.builder()
                  .maxDocsPerHash(0)
                  .remoteIndex(urls, "fp")
                  .api("127.0.0.1", 0)
                  .build())) {
        try (RemoteIndexClient importIndex =
            RemoteIndexClient.connect(urls, "fp", java.time.Duration.ofSeconds(1))) {
          ImportWorker worker =
              new ImportWorker(
                  db.dataSource(),
                  new SubmissionImporter(new FingerprintSearcher(importIndex, 5)),
                  () -> {});
          assertThat(worker.drain()).isEqualTo(clips.size());
        }
        service.syncIndex();
        HttpClient http = HttpClient.newHttpClient();
        for (String clip : clips) {
          GoldenFingerprints variant = GoldenFingerprints.load(clip + ".mp3_64k");
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + service.port()
                                  + "/v2/lookup?client="
                                  + app.apiKey()
                                  + "&duration="
                                  + variant.duration()
                                  + "&fingerprint="
                                  + URLEncoder.encode(
                                      variant.compressed(), StandardCharsets.UTF_8)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          JsonNode results = new ObjectMapper().readTree(r.body()).path("results");
          assertThat(results).as(clip).hasSize(1);
          assertThat(results.get(0).path("score").asDouble()).as(clip).isGreaterThan(0.9);
        }
      }
    }
  }

  FpIndexServer node(String name) throws Exception {
    return FpIndexServer.start(
        ServerOptions.parse(
            "--dir", tmp.resolve(name).toString(), "--host", "127.0.0.1", "--port", "0"));
  }
}
