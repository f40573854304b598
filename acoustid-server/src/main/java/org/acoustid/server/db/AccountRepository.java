package org.acoustid.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Accounts (users): creation with a fresh API key and lookup by key. Thread-safe. */
public final class AccountRepository {
  /** An account row. */
  public record Account(int id, String name, String apiKey) {}

  private final DataSource db;

  public AccountRepository(DataSource db) {
    this.db = db;
  }

  public Account create(String name) throws SQLException {
    String key = ApiKeys.generate();
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO account (name, apikey, lastlogin) VALUES (?, ?, now()) RETURNING id")) {
      st.setString(1, name);
      st.setString(2, key);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Account(rs.getInt(1), name, key);
      }
    }
  }

  public Optional<Account> findByApiKey(String apiKey) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement("SELECT id, name, apikey FROM account WHERE apikey = ?")) {
      st.setString(1, apiKey);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? Optional.of(new Account(rs.getInt(1), rs.getString(2), rs.getString(3)))
            : Optional.empty();
      }
    }
  }
}
