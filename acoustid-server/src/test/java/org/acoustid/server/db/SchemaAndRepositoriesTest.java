package org.acoustid.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.ServiceEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schema migrates on the real PostgreSQL, once, and the key repositories work on it. */
class SchemaAndRepositoriesTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static Database db;

  @BeforeAll
  static void migrate() {
    db =
        Database.open(
            pg.jdbcUrl(), ServiceEndpoints.postgresUser(), ServiceEndpoints.postgresPassword());
    assertThat(db.upgrade()).as("first upgrade applies every migration").isEqualTo(4);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void everyTableOfTheSpecificationExistsAndUpgradeIsIdempotent() throws SQLException {
    Set<String> tables = new HashSet<>();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertThat(tables)
        .contains(
            "account",
            "application",
            "source",
            "stats_lookups",
            "stats_user_agents",
            "track",
            "fingerprint",
            "track_mbid",
            "track_puid",
            "track_meta",
            "track_foreignid",
            "meta",
            "foreignid",
            "fpindex_changelog",
            "submission",
            "pending_submission",
            "submission_result",
            "fingerprint_source",
            "track_mbid_source");
    assertThat(db.upgrade()).as("second upgrade").isZero();
  }

  @Test
  void usersAndApplicationsGetFreshKeysAndAreFoundByThem() throws SQLException {
    AccountRepository accounts = new AccountRepository(db.dataSource());
    ApplicationRepository applications = new ApplicationRepository(db.dataSource());
    var user = accounts.create("alice");
    assertThat(user.apiKey()).hasSize(ApiKeys.LENGTH).matches("[A-Za-z0-9]{10}");
    assertThat(accounts.findByApiKey(user.apiKey())).contains(user);
    assertThat(accounts.findByApiKey("nope")).isEmpty();
    var app = applications.create("tagger", "2.1", user.id());
    assertThat(applications.findActiveByApiKey(app.apiKey())).contains(app);
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE application SET active = false WHERE id = " + app.id());
    }
    assertThat(applications.findActiveByApiKey(app.apiKey()))
        .as("inactive applications do not authenticate")
        .isEmpty();
  }

  @Test
  void theSchemaRejectsWhatTheSpecificationForbids() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO track (gid) VALUES ('9ff43b6a-4f16-427c-93c2-92307ca505e0')");
      assertThatThrownBy(() ->
              st.executeUpdate(
                  "INSERT INTO track (gid) VALUES ('9ff43b6a-4f16-427c-93c2-92307ca505e0')"))
          .as("track gids are unique")
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() ->
              st.executeUpdate("INSERT INTO submission (fingerprint, length) VALUES ('{1,2}', 0)"))
          .as("length must be positive")
          .isInstanceOf(SQLException.class);
    }
  }
}
