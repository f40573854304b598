package org.acoustid.fpindex.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the upstream fpindex binary: {@code --name value} pairs, no {@code =} form.
 * Unknown arguments are reported in {@link #warnings()} and otherwise ignored; a flag without its
 * value or with a malformed number is an {@link IllegalArgumentException} (a startup error).
 *
 * <p>Replica flags ({@code --coordinator}, {@code --coordinator-url}, {@code --peers}, {@code
 * --bootstrap-timeout-ms}) are parsed so existing command lines keep working; the server refuses to
 * start in a mode it does not implement yet instead of silently running standalone.
 */
public record ServerOptions(
    Path dir,
    String host,
    int port,
    int legacyPort,
    long checkpointThreshold,
    long checkpointAgeMs,
    int loadConcurrency,
    boolean coordinator,
    String coordinatorUrl,
    String peers,
    long bootstrapTimeoutMs,
    List<String> warnings) {

  public static ServerOptions parse(String... args) {
    Path dir = Path.of("data");
    String host = "127.0.0.1";
    int port = 8080;
    int legacyPort = 0;
    long checkpointThreshold = 100_000;
    long checkpointAgeMs = 60_000;
    int loadConcurrency = 0;
    boolean coordinator = false;
    String coordinatorUrl = null;
    String peers = null;
    long bootstrapTimeoutMs = 1_800_000;
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--coordinator")) {
        coordinator = true;
        continue;
      }
      boolean known =
          switch (flag) {
            case "--dir",
                "--host",
                "--port",
                "--legacy-port",
                "--checkpoint-threshold",
                "--checkpoint-age-ms",
                "--load-concurrency",
                "--coordinator-url",
                "--peers",
                "--bootstrap-timeout-ms" ->
                true;
            default -> false;
          };
      if (known == false) {
        warnings.add("ignoring unknown argument " + flag);
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--dir" -> dir = Path.of(value);
        case "--host" -> host = value;
        case "--port" -> port = (int) number(flag, value, 0, 65_535);
        case "--legacy-port" -> legacyPort = (int) number(flag, value, 0, 65_535);
        case "--checkpoint-threshold" ->
            checkpointThreshold = number(flag, value, 1, Long.MAX_VALUE);
        case "--checkpoint-age-ms" -> checkpointAgeMs = number(flag, value, 0, Long.MAX_VALUE);
        case "--load-concurrency" ->
            loadConcurrency = (int) number(flag, value, 0, Integer.MAX_VALUE);
        case "--coordinator-url" -> coordinatorUrl = value;
        case "--peers" -> peers = value;
        case "--bootstrap-timeout-ms" ->
            bootstrapTimeoutMs = number(flag, value, 0, Long.MAX_VALUE);
        default -> throw new IllegalStateException(flag);
      }
    }
    if (peers != null && coordinatorUrl == null && peers.isBlank() == false) {
      warnings.add("--peers has no effect without --coordinator-url");
    }
    return new ServerOptions(
        dir,
        host,
        port,
        legacyPort,
        checkpointThreshold,
        checkpointAgeMs,
        loadConcurrency,
        coordinator,
        coordinatorUrl,
        peers,
        bootstrapTimeoutMs,
        List.copyOf(warnings));
  }

  private static long number(String flag, String value, long min, long max) {
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, got " + flag + " " + value);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          flag + " must be in [" + min + ", " + max + "], got " + flag + " " + value);
    }
    return n;
  }
}
