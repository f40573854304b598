package org.acoustid.server.cron;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The daily {@code update_stats} job (specification §11.1, §13.1): counts of accounts,
 * applications, formats, fingerprints, tracks, MBIDs and submissions, and the distributions "MBIDs
 * with k tracks" and "tracks with k MBIDs" (k = 0..10, 10 meaning 10 or more), written as {@code
 * stats} rows of the day. Running it again the same day replaces that day's rows.
 */
public final class DailyStats {
  private static final Map<String, String> COUNTS = new LinkedHashMap<>();

  static {
    COUNTS.put("account.all", "SELECT count(*) FROM account");
    COUNTS.put("account.musicbrainz", "SELECT count(*) FROM account WHERE mbuser IS NOT NULL");
    COUNTS.put("account.openid", "SELECT count(DISTINCT account_id) FROM account_openid");
    COUNTS.put(
        "account.active",
        "SELECT count(DISTINCT account_id) FROM submission WHERE created > now() - interval '30 days'");
    COUNTS.put("application.all", "SELECT count(*) FROM application");
    COUNTS.put("format.all", "SELECT count(*) FROM format");
    COUNTS.put("fingerprint.all", "SELECT count(*) FROM fingerprint");
    COUNTS.put("track_mbid.all", "SELECT count(*) FROM track_mbid WHERE NOT disabled");
    COUNTS.put("mbid.all", "SELECT count(DISTINCT mbid) FROM track_mbid WHERE NOT disabled");
    COUNTS.put("track.all", "SELECT count(*) FROM track WHERE new_id IS NULL");
    COUNTS.put("submission.all", "SELECT count(*) FROM submission");
    COUNTS.put("submission.unhandled", "SELECT count(*) FROM pending_submission");
  }

  private DailyStats() {}

  /** Computes and writes the stats of {@code day}; returns them by name. */
  public static Map<String, Long> update(DataSource db, LocalDate day) throws SQLException {
    Map<String, Long> values = new LinkedHashMap<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement st = c.createStatement()) {
          for (Map.Entry<String, String> e : COUNTS.entrySet()) {
            try (ResultSet rs = st.executeQuery(e.getValue())) {
              rs.next();
              values.put(e.getKey(), rs.getLong(1));
            }
          }
          distribution(
              st,
              values,
              "mbid.%dtracks",
              "SELECT least(n, 10), count(*) FROM (SELECT mbid, count(*) AS n FROM track_mbid"
                  + " WHERE NOT disabled GROUP BY mbid) x GROUP BY 1");
          distribution(
              st,
              values,
              "track.%dmbids",
              "SELECT least(coalesce(n, 0), 10), count(*) FROM track t LEFT JOIN (SELECT track_id,"
                  + " count(*) AS n FROM track_mbid WHERE NOT disabled GROUP BY track_id) m"
                  + " ON m.track_id = t.id WHERE t.new_id IS NULL GROUP BY 1");
        }
        try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM stats WHERE date = ? AND name = ?");
            PreparedStatement insert =
                c.prepareStatement("INSERT INTO stats (name, date, value) VALUES (?, ?, ?)")) {
          for (Map.Entry<String, Long> e : values.entrySet()) {
            delete.setObject(1, day);
            delete.setString(2, e.getKey());
            delete.executeUpdate();
            insert.setString(1, e.getKey());
            insert.setObject(2, day);
            insert.setLong(3, e.getValue());
            insert.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return values;
  }

  private static void distribution(
      Statement st, Map<String, Long> values, String nameFormat, String sql) throws SQLException {
    for (int k = 0; k <= 10; k++) {
      values.put(String.format(nameFormat, k), 0L);
    }
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        values.put(String.format(nameFormat, rs.getInt(1)), rs.getLong(2));
      }
    }
  }
}
