package org.acoustid.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Applications (API clients): creation with a fresh key and lookup of active ones. Thread-safe. */
public final class ApplicationRepository {
  /** An application row. */
  public record Application(
      int id, String name, String version, String apiKey, int accountId, boolean active) {}

  private final DataSource db;

  public ApplicationRepository(DataSource db) {
    this.db = db;
  }

  public Application create(String name, String version, int accountId) throws SQLException {
    String key = ApiKeys.generate();
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO application (name, version, apikey, account_id) VALUES (?, ?, ?, ?) RETURNING id")) {
      st.setString(1, name);
      st.setString(2, version);
      st.setString(3, key);
      st.setInt(4, accountId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Application(rs.getInt(1), name, version, key, accountId, true);
      }
    }
  }

  /** The active application with {@code apiKey} (section 3.1 of the specification). */
  public Optional<Application> findActiveByApiKey(String apiKey) throws SQLException {
    return findOne(SELECT + " WHERE apikey = ? AND active", st -> st.setString(1, apiKey));
  }

  /** The active application {@code id} (the demo key's application, §3.2). */
  public Optional<Application> findActive(int id) throws SQLException {
    return findOne(SELECT + " WHERE id = ? AND active", st -> st.setInt(1, id));
  }

  /** Application {@code applicationId} if account {@code accountId} owns it, active or not. */
  public Optional<Application> findOwned(int accountId, int applicationId) throws SQLException {
    return findOne(
        SELECT + " WHERE id = ? AND account_id = ?",
        st -> {
          st.setInt(1, applicationId);
          st.setInt(2, accountId);
        });
  }

  /** Enables or disables application {@code id}; a disabled key stops authenticating. */
  public void setActive(int id, boolean active) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement("UPDATE application SET active = ? WHERE id = ?")) {
      st.setBoolean(1, active);
      st.setInt(2, id);
      st.executeUpdate();
    }
  }

  private static final String SELECT =
      "SELECT id, name, version, apikey, account_id, active FROM application";

  private interface Binder {
    void bind(PreparedStatement st) throws SQLException;
  }

  private Optional<Application> findOne(String sql, Binder binder) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      binder.bind(st);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Application(
                    rs.getInt(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getInt(5),
                    rs.getBoolean(6)))
            : Optional.empty();
      }
    }
  }
}
