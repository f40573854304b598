package org.acoustid.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL database for one test class, dropped after the class.
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
 * ... try (Connection c = pg.connect()) { ... }
 * }</pre>
 *
 * <p>Connects to the real server of {@link ServiceEndpoints}; the role needs CREATEDB. Not
 * thread-safe to set up; {@link #connect()} may be called from any thread once the class started.
 */
public final class PostgresFixture implements BeforeAllCallback, AfterAllCallback {
  private String databaseName;
  private String jdbcUrl;

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    databaseName =
        "t_"
            + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
            + "_"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    try (Connection admin = connectTo(ServiceEndpoints.postgresUrl());
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + databaseName);
    }
    jdbcUrl = withDatabase(ServiceEndpoints.postgresUrl(), databaseName);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (databaseName == null) {
      return;
    }
    try (Connection admin = connectTo(ServiceEndpoints.postgresUrl());
        Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
    }
  }

  /** A new connection to this class's database; the caller closes it. */
  public Connection connect() throws SQLException {
    if (jdbcUrl == null) {
      throw new IllegalStateException("PostgresFixture is used before its test class started");
    }
    return connectTo(jdbcUrl);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String databaseName() {
    return databaseName;
  }

  private static Connection connectTo(String url) throws SQLException {
    try {
      return DriverManager.getConnection(
          url, ServiceEndpoints.postgresUser(), ServiceEndpoints.postgresPassword());
    } catch (SQLException e) {
      throw new SQLException(
          "cannot reach PostgreSQL at " + url + ServiceEndpoints.startHint(), e.getSQLState(), e);
    }
  }

  static String withDatabase(String url, String database) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query);
    int slash = base.lastIndexOf('/');
    if (slash < "jdbc:postgresql://".length()) {
      throw new IllegalArgumentException("PostgreSQL URL names no database, got url=" + url);
    }
    return base.substring(0, slash + 1) + database + params;
  }
}
