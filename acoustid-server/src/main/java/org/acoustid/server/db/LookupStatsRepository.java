package org.acoustid.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import javax.sql.DataSource;

/**
 * The usage statistics in SQL (specification §11.1, §12.3): lookups per application and hour
 * ({@code stats_lookups}, hits and misses) and requests per application, day, user agent and
 * address ({@code stats_user_agents}). Additions are upserts, so any number of writers (the cron
 * flush, replicas through the internal API) add up. Thread-safe.
 */
public final class LookupStatsRepository {
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
}
