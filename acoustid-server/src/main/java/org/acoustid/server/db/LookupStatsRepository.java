package org.acoustid.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The usage statistics in SQL (specification §11.1, §12.3): lookups per application and hour
 * ({@code stats_lookups}, hits and misses) and requests per application, day, user agent and
 * address ({@code stats_user_agents}). Additions are upserts, so any number of writers (the cron
 * flush, replicas through the internal API) add up. Thread-safe.
 */
public final class LookupStatsRepository {
  /** One day's lookups, summed over the applications asked for. */
  public record DailyLookups(LocalDate date, long hits, long misses) {}

  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final DataSource db;

  public LookupStatsRepository(DataSource db) {
    this.db = db;
  }

  /**
   * Adds {@code hits} and {@code misses} to an hour of {@code applicationId}; false (nothing
   * written) when no such application exists.
   */
  public boolean addLookups(int applicationId, LocalDate date, int hour, long hits, long misses)
      throws SQLException {
    return upsert(
        "INSERT INTO stats_lookups (date, hour, application_id, count_hits, count_nohits)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id, date, hour) DO UPDATE"
            + " SET count_hits = stats_lookups.count_hits + excluded.count_hits,"
            + " count_nohits = stats_lookups.count_nohits + excluded.count_nohits",
        date,
        hour,
        applicationId,
        hits,
        misses);
  }

  /**
   * Adds {@code count} requests of {@code userAgent} at {@code ip} to a day of {@code
   * applicationId}; false (nothing written) when no such application exists.
   */
  public boolean addUserAgent(
      int applicationId, LocalDate date, String userAgent, String ip, long count)
      throws SQLException {
    return upsert(
        "INSERT INTO stats_user_agents (date, application_id, user_agent, ip, count)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id, date, user_agent, ip)"
            + " DO UPDATE SET count = stats_user_agents.count + excluded.count",
        date,
        applicationId,
        userAgent,
        ip,
        count);
  }

  private boolean upsert(String sql, Object... values) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        st.setObject(i + 1, values[i]);
      }
      st.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The lookups of {@code applicationIds} per day from {@code from} to {@code to} (both included),
   * summed over the applications, in date order; days without lookups are left out.
   */
  public List<DailyLookups> daily(List<Integer> applicationIds, LocalDate from, LocalDate to)
      throws SQLException {
    List<DailyLookups> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT date, sum(count_hits), sum(count_nohits) FROM stats_lookups"
                    + " WHERE application_id = ANY (?) AND date >= ? AND date <= ?"
                    + " GROUP BY date ORDER BY date")) {
      st.setArray(1, c.createArrayOf("int4", applicationIds.toArray()));
      st.setObject(2, from);
      st.setObject(3, to);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new DailyLookups(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    return out;
  }
}
