package org.acoustid.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.acoustid.server.db.ApplicationRepository.Application;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Key resolution on a real database: application keys, user keys and the day's demo key. */
class ApiKeyCacheTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static Database db;
  static Application first;
  static Application demo;

  @BeforeAll
  static void migrate() throws Exception {
    db = TestDatabases.migrated(pg);
    int account = new AccountRepository(db.dataSource()).create("owner").id();
    ApplicationRepository apps = new ApplicationRepository(db.dataSource());
    first = apps.create("first", "1", account);
    demo = apps.create("website", "1", account);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void theDaysDemoKeyIsApplicationTwoOnlyWithTheWebsiteSecret() throws Exception {
    assertThat(demo.id()).isEqualTo(DemoKey.APPLICATION_ID);
    String key = DemoKey.forDay("s3cret", LocalDate.now());
    assertThat(new ApiKeyCache(db.dataSource(), "s3cret").findActiveApplication(key))
        .map(Application::id)
        .hasValue(DemoKey.APPLICATION_ID);
    assertThat(new ApiKeyCache(db.dataSource(), "other").findActiveApplication(key)).isEmpty();
    assertThat(new ApiKeyCache(db.dataSource()).findActiveApplication(key)).isEmpty();
    assertThat(new ApiKeyCache(db.dataSource(), "s3cret").findActiveApplication(first.apiKey()))
        .map(Application::id)
        .hasValue(first.id());
  }
}
