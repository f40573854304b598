package org.acoustid.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.acoustid.server.config.DatabaseConfig;
import org.flywaydb.core.Flyway;

/**
 * The connection pool of the service's database and its schema migrations ({@code
 * classpath:db/migration}, Flyway). Owns the pool; {@link #close()} releases it.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;

  private Database(HikariDataSource pool) {
    this.pool = pool;
  }

  public static Database open(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(Math.max(250, config.poolTimeoutMs()));
    hikari.setPoolName("acoustid");
    return new Database(new HikariDataSource(hikari));
  }

  /** For tests and tools that already have a JDBC URL. */
  public static Database open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, 4);
  }

  public static Database open(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(poolSize);
    hikari.setPoolName("acoustid");
    return new Database(new HikariDataSource(hikari));
  }

  public DataSource dataSource() {
    return pool;
  }

  /** Applies pending migrations; returns how many ran. */
  public int upgrade() {
    return Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }

  @Override
  public void close() {
    pool.close();
  }
}
