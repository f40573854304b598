package org.acoustid.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Health during a graceful shutdown (specification §14.3): 503 while the marker file exists. */
class ShutdownHealthTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();

  @Test
  void everyHealthEndpointAnswers503WhileTheMarkerExists(@TempDir Path tmp) throws Exception {
    ShutdownMarker marker = new ShutdownMarker(tmp.resolve("shutdown.txt"));
    try (Database db = TestDatabases.migrated(pg);
        LocalFingerprintIndex index = LocalFingerprintIndex.inMemory()) {
      ApiServices base = TestApi.services(db.dataSource(), index, ClusterSettings.DEFAULT, null);
      ApiServices services = base.withShutdown(marker);
      try (ApiServer server = ApiServer.start("127.0.0.1", 0, services)) {
        TestApi api = new TestApi(server.port());
        for (String path : new String[] {"/_health", "/_health_ro", "/_health_docker"}) {
          assertThat(api.get(path).statusCode()).as(path).isEqualTo(200);
        }
        marker.create();
        for (String path : new String[] {"/_health", "/_health_ro", "/_health_docker"}) {
          var answer = api.get(path);
          assertThat(answer.statusCode()).as(path).isEqualTo(503);
          assertThat(answer.body()).as(path).isEqualTo("shutdown in process");
        }
        assertThat(api.get("/v2/lookup").statusCode())
            .as("the API itself still answers")
            .isEqualTo(400);
        marker.remove();
        assertThat(api.get("/_health").statusCode()).isEqualTo(200);
      }
    }
  }
}
