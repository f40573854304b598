package org.acoustid.server.cron;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code manage_fpindex_changelog} (specification §10.2), run hourly by the cron leader: creates
 * the monthly partitions of {@code fpindex_changelog} for the current month and {@value #AHEAD}
 * months ahead, and drops partitions older than the month before last, each after recording its
 * highest (id, created, xid) in {@code fpindex_meta} (which only moves forward), so feed readers
 * below it get "below retention" instead of silently missing rows. Every statement runs in its own
 * short transaction with {@code lock_timeout = 1s}: a busy table makes one step fail, never stall
 * imports; the next hour retries.
 */
public final class ChangelogPartitions {
  private static final Logger log = LoggerFactory.getLogger(ChangelogPartitions.class);
  static final int AHEAD = 12;
  static final int KEEP_BEFORE_CURRENT = 2;
  private static final String PREFIX = "fpindex_changelog_";
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMM");

  /**
   * What one run did.
   *
   * @param headroom consecutive months covered from the current one (0: inserts fail now)
   */
  public record Result(List<YearMonth> created, List<YearMonth> dropped, int headroom) {}

  private ChangelogPartitions() {}

  public static Result maintain(DataSource db, LocalDate today) throws SQLException {
    YearMonth current = YearMonth.from(today);
    TreeSet<YearMonth> existing = partitions(db);
    List<YearMonth> created = new ArrayList<>();
    for (int i = 0; i <= AHEAD; i++) {
      YearMonth month = current.plusMonths(i);
      if (existing.contains(month) == false) {
        transaction(
            db,
            "CREATE TABLE "
                + name(month)
                + " PARTITION OF fpindex_changelog FOR VALUES FROM ('"
                + month.atDay(1)
                + "') TO ('"
                + month.plusMonths(1).atDay(1)
                + "')");
        created.add(month);
        existing.add(month);
      }
    }
    List<YearMonth> dropped = new ArrayList<>();
    YearMonth oldestKept = current.minusMonths(KEEP_BEFORE_CURRENT);
    for (YearMonth month : existing.headSet(oldestKept)) {
      String partition = name(month);
      transaction(
          db,
          "INSERT INTO fpindex_meta AS m"
              + " (singleton, last_deleted_id, last_deleted_created, last_deleted_xid, updated)"
              + " SELECT true, id, created, xid, now() FROM "
              + partition
              + " ORDER BY id DESC LIMIT 1"
              + " ON CONFLICT (singleton) DO UPDATE SET last_deleted_id = EXCLUDED.last_deleted_id,"
              + " last_deleted_created = EXCLUDED.last_deleted_created,"
              + " last_deleted_xid = EXCLUDED.last_deleted_xid, updated = EXCLUDED.updated"
              + " WHERE m.last_deleted_id IS NULL OR m.last_deleted_id < EXCLUDED.last_deleted_id",
          "DROP TABLE " + partition);
      dropped.add(month);
    }
    existing.removeAll(dropped);
    int headroom = 0;
    while (existing.contains(current.plusMonths(headroom))) {
      headroom++;
    }
    if (headroom == 0) {
      log.error("fpindex_changelog has no partition for {}: fingerprint imports fail", current);
    } else {
      log.info(
          "fpindex_changelog partitions: {} month(s) of headroom, created {}, dropped {}",
          headroom,
          created,
          dropped);
    }
    return new Result(created, dropped, headroom);
  }

  /** The months that have a partition, from the partition names. */
  static TreeSet<YearMonth> partitions(DataSource db) throws SQLException {
    TreeSet<YearMonth> months = new TreeSet<>();
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'fpindex_changelog'::regclass")) {
      while (rs.next()) {
        String relname = rs.getString(1);
        if (relname.matches(PREFIX + "\\d{6}")) {
          months.add(YearMonth.parse(relname.substring(PREFIX.length()), NAME));
        }
      }
    }
    return months;
  }

  static String name(YearMonth month) {
    return PREFIX + month.format(NAME);
  }

  private static void transaction(DataSource db, String... statements) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL lock_timeout = '1s'");
        for (String sql : statements) {
          st.execute(sql);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }
}
