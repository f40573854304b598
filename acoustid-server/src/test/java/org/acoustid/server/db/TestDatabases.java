package org.acoustid.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.ServiceEndpoints;

/** The per-class test database of a {@link PostgresFixture}, opened and migrated, and queries. */
public final class TestDatabases {
  private TestDatabases() {}

  /** Opens {@code pg}'s database with the test credentials and applies every migration. */
  public static Database migrated(PostgresFixture pg) {
    Database db =
        Database.open(
            pg.jdbcUrl(), ServiceEndpoints.postgresUser(), ServiceEndpoints.postgresPassword());
    db.upgrade();
    return db;
  }

  /** The first column of the first row of {@code sql} as text (null without a row). */
  public static String value(DataSource db, String sql, Object... params) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Runs {@code sql} with {@code params}; returns the rows it changed. */
  public static int update(DataSource db, String sql, Object... params) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      return st.executeUpdate();
    }
  }

  /**
   * Every row of {@code table} as text, sorted: equal snapshots before and after a request show
   * that it changed nothing there.
   */
  public static String snapshot(DataSource db, String table) throws SQLException {
    return value(db, "SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM " + table + " t");
  }
}
