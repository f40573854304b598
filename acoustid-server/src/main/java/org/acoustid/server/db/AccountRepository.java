package org.acoustid.server.db;

import io.netty.util.NetUtil;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Accounts (users): creation with a fresh API key, lookup by key and by MusicBrainz user name.
 * Thread-safe.
 */
public final class AccountRepository {
  /** An account row. */
  public record Account(int id, String name, String apiKey) {}

  /**
   * Where a new account came from (specification §4.8, §4.9): the application and version that
   * created it, the client's address ({@code created_from}; anything but an IP literal is stored as
   * null) and the MusicBrainz user name. Every part may be null.
   */
  public record Origin(
      Integer applicationId, String applicationVersion, String createdFrom, String mbuser) {
    public static final Origin NONE = new Origin(null, null, null, null);
  }

  private final DataSource db;

  public AccountRepository(DataSource db) {
    this.db = db;
  }

  public Account create(String name) throws SQLException {
    return insert(name, Origin.NONE).orElseThrow();
  }

  /**
   * Creates an account named {@code name}; empty only when {@code origin} names a MusicBrainz user
   * that already has an account (exact case).
   */
  public Optional<Account> insert(String name, Origin origin) throws SQLException {
    String key = ApiKeys.generate();
    String ip = origin.createdFrom();
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO account (name, apikey, lastlogin, application_id, application_version,"
                    + " created_from, mbuser) VALUES (?, ?, now(), ?, ?, ?::inet, ?)"
                    + " ON CONFLICT (mbuser) DO NOTHING RETURNING id")) {
      st.setString(1, name);
      st.setString(2, key);
      st.setObject(3, origin.applicationId(), java.sql.Types.INTEGER);
      st.setString(4, origin.applicationVersion());
      boolean literal =
          ip != null && (NetUtil.isValidIpV4Address(ip) || NetUtil.isValidIpV6Address(ip));
      st.setString(5, literal ? ip : null);
      st.setString(6, origin.mbuser());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(new Account(rs.getInt(1), name, key)) : Optional.empty();
      }
    }
  }

  public Optional<Account> findByApiKey(String apiKey) throws SQLException {
    return findOne("SELECT id, name, apikey FROM account WHERE apikey = ?", apiKey);
  }

  /**
   * The account of MusicBrainz user {@code mbuser}, compared case-insensitively (§4.9); the oldest
   * when several differ only in case.
   */
  public Optional<Account> findByMusicBrainzUser(String mbuser) throws SQLException {
    return findOne(
        "SELECT id, name, apikey FROM account WHERE lower(mbuser) = lower(?) ORDER BY id LIMIT 1",
        mbuser);
  }

  private Optional<Account> findOne(String sql, String value) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, value);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? Optional.of(new Account(rs.getInt(1), rs.getString(2), rs.getString(3)))
            : Optional.empty();
      }
    }
  }
}
