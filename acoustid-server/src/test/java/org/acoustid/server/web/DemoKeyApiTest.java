package org.acoustid.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApiKeyCache;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.DemoKey;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The day's demo key over HTTP: a lookup's client, and {@code check_application}'s answer. */
class DemoKeyApiTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();

  @Test
  void theDemoKeyAuthenticatesAsApplicationTwo() throws Exception {
    try (Database db = TestDatabases.migrated(pg);
        LocalFingerprintIndex index = LocalFingerprintIndex.inMemory()) {
      int account = new AccountRepository(db.dataSource()).create("owner").id();
      ApplicationRepository apps = new ApplicationRepository(db.dataSource());
      apps.create("first", "1", account);
      assertThat(apps.create("website", "1", account).id()).isEqualTo(DemoKey.APPLICATION_ID);
      ApiServices base =
          TestApi.services(db.dataSource(), index, new ClusterSettings("master", "cs"), null);
      ApiServices services = base.withKeys(new ApiKeyCache(db.dataSource(), "w3b"));
      String demo = DemoKey.forDay("w3b", LocalDate.now());
      try (ApiServer server = ApiServer.start("127.0.0.1", 0, services)) {
        TestApi api = new TestApi(server.port());
        assertThat(api.get("/v2/internal/check_application?secret=cs&api_key=" + demo).body())
            .isEqualTo("{\"id\": 2, \"status\": \"ok\"}");
        assertThat(api.get("/v2/internal/check_application?secret=cs&api_key=AAAAAAAAAAA").body())
            .contains("\"code\": 4");
        // the same lookup passes authentication with the demo key, and fails later, on its
        // fingerprint
        String lookup = api.get("/v2/lookup?client=" + demo + "&duration=10&fingerprint=x").body();
        assertThat(lookup).contains("\"status\": \"error\"").doesNotContain("\"code\": 4");
        assertThat(api.get("/v2/lookup?client=AAAAAAAAAAA&duration=10&fingerprint=x").body())
            .contains("\"code\": 4");
      }
    }
  }
}
