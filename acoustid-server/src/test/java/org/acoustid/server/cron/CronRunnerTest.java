package org.acoustid.server.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One cron leader at a time, and the daily stats it writes. */
class CronRunnerTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();

  static long scalar(Database db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void oneLeaderWritesTheDailyStatsOnceAndAStandbyTakesOver() throws Exception {
    try (Database db = TestDatabases.migrated(pg)) {
      try (Connection c = db.dataSource().getConnection();
          Statement st = c.createStatement()) {
        st.executeUpdate(
            "INSERT INTO track (id, gid) VALUES (1, gen_random_uuid()), (2, gen_random_uuid()),"
                + " (3, gen_random_uuid())");
        st.executeUpdate(
            "INSERT INTO track_mbid (track_id, mbid, submission_count) VALUES"
                + " (1, '11111111-1111-1111-1111-111111111111', 1),"
                + " (2, '11111111-1111-1111-1111-111111111111', 1),"
                + " (2, '22222222-2222-2222-2222-222222222222', 1)");
      }
      CronRunner first = new CronRunner(db.dataSource());
      CronRunner second = new CronRunner(db.dataSource());
      try {
        assertThat(first.tryLead()).isTrue();
        assertThat(second.tryLead()).as("the lock is taken").isFalse();
        LocalDateTime now = LocalDateTime.of(2026, 12, 1, 0, 20);
        first.tick(now);
        second.tick(now); // a standby does nothing
        first.tick(now.plusMinutes(1)); // done for the day
        assertThat(scalar(db, "SELECT count(*) FROM stats WHERE name = 'track.all'")).isEqualTo(1);
        assertThat(scalar(db, "SELECT value FROM stats WHERE name = 'track.all'")).isEqualTo(3);
        assertThat(scalar(db, "SELECT value FROM stats WHERE name = 'mbid.all'")).isEqualTo(2);
        assertThat(scalar(db, "SELECT value FROM stats WHERE name = 'mbid.2tracks'")).isEqualTo(1);
        assertThat(scalar(db, "SELECT value FROM stats WHERE name = 'mbid.1tracks'")).isEqualTo(1);
        assertThat(scalar(db, "SELECT value FROM stats WHERE name = 'track.0mbids'")).isEqualTo(1);
        assertThat(scalar(db, "SELECT value FROM stats WHERE name = 'track.2mbids'")).isEqualTo(1);

        first.close();
        assertThat(second.tryLead()).as("the standby takes over").isTrue();
        second.tick(LocalDateTime.of(2026, 12, 2, 0, 5)); // before 00:10, but the first tick
        assertThat(scalar(db, "SELECT count(*) FROM stats WHERE name = 'track.all'")).isEqualTo(2);
        DailyStats.update(db.dataSource(), LocalDate.of(2026, 12, 2));
        assertThat(scalar(db, "SELECT count(*) FROM stats WHERE name = 'track.all'"))
            .as("re-running a day replaces its rows")
            .isEqualTo(2);
      } finally {
        first.close();
        second.close();
      }
    }
  }
}
