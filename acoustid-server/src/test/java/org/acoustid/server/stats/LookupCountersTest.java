package org.acoustid.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.RedisFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Usage counters in the real Redis, flushed into the real PostgreSQL. */
class LookupCountersTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  @RegisterExtension static final RedisFixture redis = new RedisFixture();

  static String row(Database db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          out.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        out.append(';');
      }
      return out.toString();
    }
  }

  @Test
  void countsFlushIntoTheStatsTablesWithoutLosingLaterIncrements() throws Exception {
    try (Database db = TestDatabases.migrated(pg);
        LookupCounters counters = new LookupCounters(redis.url(), redis.prefix())) {
      int account = new AccountRepository(db.dataSource()).create("counted").id();
      int app = new ApplicationRepository(db.dataSource()).create("counted", "1", account).id();
      LocalDateTime at = LocalDateTime.of(2026, 12, 1, 14, 5);
      for (int i = 0; i < 3; i++) {
        counters.lookup(app, true, at);
      }
      counters.lookup(app, false, at);
      counters.lookup(app, false, at);
      counters.lookup(999_999, true, at); // unknown application: dropped at flush
      counters.userAgent(app, "MyTagger/1.0 (os: linux)", "10.1.2.3", at.toLocalDate());
      counters.userAgent(app, "MyTagger/1.0 (os: linux)", "10.1.2.3", at.toLocalDate());
      counters.userAgent(app, null, "::1", at.toLocalDate());

      assertThat(counters.flushLookups(db.dataSource())).isEqualTo(2);
      assertThat(row(db, "SELECT date, hour, count_hits, count_nohits FROM stats_lookups"))
          .isEqualTo("2026-12-01|14|3|2;");
      counters.lookup(app, true, at);
      counters.flushLookups(db.dataSource());
      assertThat(row(db, "SELECT count_hits, count_nohits FROM stats_lookups"))
          .as("added, not replaced; nothing counted twice")
          .isEqualTo("4|2;");
      assertThat(counters.flushLookups(db.dataSource())).as("drained").isZero();

      assertThat(counters.flushUserAgents(db.dataSource())).isEqualTo(2);
      assertThat(row(db, "SELECT user_agent, ip, count FROM stats_user_agents ORDER BY user_agent"))
          .isEqualTo("|::1|1;MyTagger/1.0 (os: linux)|10.1.2.3|2;");
    }
  }
}
