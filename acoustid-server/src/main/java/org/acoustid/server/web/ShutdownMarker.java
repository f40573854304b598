package org.acoustid.server.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The graceful-shutdown marker of specification §14.3: while the file exists, {@code /_health} and
 * its variants answer 503 {@code shutdown in process}, so a load balancer stops sending requests
 * before the process stops. Created on the first SIGTERM, removed at start and exit.
 */
public record ShutdownMarker(Path file) {
  /** The default: {@code acoustid-server-shutdown.txt} in the system temporary directory. */
  public static ShutdownMarker inTempDirectory() {
    return new ShutdownMarker(
        Path.of(System.getProperty("java.io.tmpdir"), "acoustid-server-shutdown.txt"));
  }

  public boolean present() {
    return Files.exists(file);
  }

  public void create() throws IOException {
    Files.writeString(file, "shutdown in process\n");
  }

  public void remove() throws IOException {
    Files.deleteIfExists(file);
  }
}
