package org.acoustid.server.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.testing.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The changelog's monthly partitions on a real PostgreSQL: the migration leaves no default
 * partition and a year of headroom; maintenance keeps the headroom, drops old months only after
 * recording their last row in {@code fpindex_meta} (which never moves back), and keeps the rest.
 */
class ChangelogPartitionsTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static Database db;

  @BeforeAll
  static void migrate() {
    db = TestDatabases.migrated(pg);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static long insertChangelogRow(LocalDate created) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "INSERT INTO fpindex_changelog (fingerprint_id, query, created) VALUES (1, '{1}', '"
                    + created
                    + " 12:00+00') RETURNING id")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Long lastDeleted() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT last_deleted_id FROM fpindex_meta")) {
      return rs.next() ? rs.getLong(1) : null;
    }
  }

  private static long rowsBetween(long fromId, long toId) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM fpindex_changelog WHERE id BETWEEN "
                    + fromId
                    + " AND "
                    + toId)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void keepsAYearAheadAndDropsOldMonthsAfterRecordingThem() throws SQLException {
    LocalDate today = LocalDate.now();
    YearMonth current = YearMonth.from(today);
    // the migration: no default partition, the current month and 12 ahead
    assertThat(ChangelogPartitions.partitions(db.dataSource()))
        .contains(current, current.plusMonths(12))
        .doesNotContain(current.plusMonths(13));
    assertThatThrownBy(() -> insertChangelogRow(current.plusMonths(14).atDay(1)))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no partition");

    // months that were current once: four and three months ago, and last month
    for (int back : new int[] {4, 3, 1}) {
      try (Connection c = db.dataSource().getConnection();
          Statement st = c.createStatement()) {
        YearMonth m = current.minusMonths(back);
        st.execute(
            "CREATE TABLE IF NOT EXISTS "
                + ChangelogPartitions.name(m)
                + " PARTITION OF fpindex_changelog FOR VALUES FROM ('"
                + m.atDay(1)
                + "') TO ('"
                + m.plusMonths(1).atDay(1)
                + "')");
      }
    }
    long oldest = insertChangelogRow(current.minusMonths(4).atDay(3));
    long old = insertChangelogRow(current.minusMonths(3).atDay(5));
    long recent = insertChangelogRow(current.minusMonths(1).atDay(7));
    long now = insertChangelogRow(today);

    ChangelogPartitions.Result result = ChangelogPartitions.maintain(db.dataSource(), today);
    assertThat(result.dropped()).containsExactly(current.minusMonths(4), current.minusMonths(3));
    assertThat(result.created()).isEmpty();
    assertThat(result.headroom()).isEqualTo(13);
    assertThat(lastDeleted()).isEqualTo(old);
    assertThat(rowsBetween(oldest, old)).isZero();
    assertThat(rowsBetween(recent, now)).isEqualTo(2);

    // a month later: one more month ahead is created, and the record never moves back
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE fpindex_meta SET last_deleted_id = " + (now + 100));
    }
    ChangelogPartitions.Result next =
        ChangelogPartitions.maintain(db.dataSource(), today.plusMonths(1));
    assertThat(next.created()).containsExactly(current.plusMonths(13));
    assertThat(next.dropped()).isEmpty(); // last month is kept until it is the month before last
    assertThat(lastDeleted()).isEqualTo(now + 100);
    ChangelogPartitions.Result later =
        ChangelogPartitions.maintain(db.dataSource(), today.plusMonths(2));
    assertThat(later.dropped()).containsExactly(current.minusMonths(1));
    assertThat(lastDeleted()).isEqualTo(now + 100);
    assertThat(rowsBetween(now, now)).isEqualTo(1);
  }
}
