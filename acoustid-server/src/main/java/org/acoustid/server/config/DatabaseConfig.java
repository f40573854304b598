package org.acoustid.server.config;

/**
 * Where a database is and how large its pool is ({@code [database:app]} of the configuration).
 *
 * @param poolSize maximum connections, default 20
 * @param poolTimeoutMs how long a caller waits for a connection, default 2000
 */
public record DatabaseConfig(
    String host,
    int port,
    String name,
    String user,
    String password,
    int poolSize,
    long poolTimeoutMs) {
  public static final DatabaseConfig DEFAULT =
      new DatabaseConfig("localhost", 5432, "acoustid", "acoustid", null, 20, 2000);

  public DatabaseConfig {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("database port must be in [1, 65535], got port=" + port);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool_size must be >= 1, got pool_size=" + poolSize);
    }
  }

  @Override
  public String toString() { // never log the password
    return "DatabaseConfig["
        + user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + name
        + ", password="
        + (password == null ? "none" : "***")
        + ", pool "
        + poolSize
        + "]";
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }
}
