package org.acoustid.fpindex.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/fpindex} as a child process, the way an upstream test harness drives it: start on free
 * ports, wait until {@code GET /_health} answers, stop with SIGTERM or SIGKILL, start again on the
 * same directory. Output goes to {@code <dir>-server.log} beside the data directory. Used by the
 * end-to-end tests and by the HTTP load benchmark, which measures the server as users launch it.
 * The launcher is found in the working directory or above it.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);

  private final Path dir;
  private final List<String> extraArgs;
  private final int httpPort;
  private final int legacyPort;
  private final HttpClient client = HttpClient.newHttpClient();
  private Process process;

  public ServerProcess(Path dir, boolean legacy, String... extraArgs) throws IOException {
    this(dir, freePort(), legacy ? freePort() : 0, extraArgs);
  }

  /** A server on a port chosen beforehand (peers must know each other's address at start). */
  public ServerProcess(Path dir, int httpPort, int legacyPort, String... extraArgs) {
    this.dir = dir;
    this.extraArgs = List.of(extraArgs);
    this.httpPort = httpPort;
    this.legacyPort = legacyPort;
  }

  public static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && Files.isExecutable(p.resolve("bin/fpindex")) == false) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "bin/fpindex not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  public ServerProcess start() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(repositoryRoot().resolve("bin/fpindex").toString());
    command.addAll(
        List.of("--dir", dir.toString(), "--host", "127.0.0.1", "--port", "" + httpPort));
    if (legacyPort != 0) {
      command.addAll(List.of("--legacy-port", "" + legacyPort));
    }
    command.addAll(extraArgs);
    Path log = dir.resolveSibling(dir.getFileName() + "-server.log");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (true) {
      if (process.isAlive() == false) {
        throw new IllegalStateException(
            "server exited with "
                + process.exitValue()
                + " during startup:\n"
                + Files.readString(log));
      }
      try {
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(uri("/_health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYetListening) {
        // keep polling until the deadline
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("server did not answer /_health within " + STARTUP_LIMIT);
      }
      TimeUnit.MILLISECONDS.sleep(50); // readiness poll interval, not a timing assumption
    }
  }

  /** SIGTERM, and the exit code once the process ended (graceful shutdown must finish in 15 s). */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (process.waitFor(15, TimeUnit.SECONDS) == false) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("server did not stop within 15 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no flush. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  public int httpPort() {
    return httpPort;
  }

  public int legacyPort() {
    return legacyPort;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
