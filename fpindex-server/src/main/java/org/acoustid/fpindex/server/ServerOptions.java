package org.acoustid.fpindex.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.acoustid.fpindex.server.cluster.JetStreamOptions;

/**
 * The command line of the upstream fpindex binary: {@code --name value} pairs, no {@code =} form.
 * Unknown arguments are reported in {@link #warnings()} and otherwise ignored; a flag without its
 * value or with a malformed number is an {@link IllegalArgumentException} (a startup error).
 *
 * <p>Modes: standalone (default); {@code --coordinator} (the built-in in-memory changelog
 * coordinator, no data directory); replica, following a coordinator ({@code --coordinator-url}) or
 * NATS JetStream ({@code --nats-url}, our addition, with {@code --nats-prefix}, {@code
 * --nats-max-age-ms}, {@code --nats-max-messages}, {@code --nats-replicas}). Combining modes is a
 * startup error.
 *
 * <p>{@code --max-docs-per-hash N} (our addition, default 0 = exact scores) reads at most N
 * documents per query hash in each file segment, the lowest ids, as upstream does with about 1000:
 * its latency on large indexes, its approximate scores for very common hashes.
 */
public record ServerOptions(
    Path dir,
    String host,
    int port,
    int legacyPort,
    long checkpointThreshold,
    long checkpointAgeMs,
    int loadConcurrency,
    int maxDocsPerHash,
    boolean coordinator,
    String coordinatorUrl,
    String peers,
    long bootstrapTimeoutMs,
    String natsUrl,
    String natsPrefix,
    long natsMaxAgeMs,
    long natsMaxMessages,
    int natsReplicas,
    List<String> warnings) {

  /** True when this node follows a changelog. */
  public boolean replica() {
    return coordinatorUrl != null || natsUrl != null;
  }

  /** The JetStream settings, when {@code --nats-url} is given. */
  public JetStreamOptions jetStreamOptions() {
    return new JetStreamOptions(
        natsUrl,
        natsPrefix,
        natsMaxAgeMs,
        natsMaxMessages,
        natsReplicas,
        JetStreamOptions.DEFAULT_TIMEOUT);
  }

  public static ServerOptions parse(String... args) {
    Path dir = Path.of("data");
    String host = "127.0.0.1";
    int port = 8080;
    int legacyPort = 0;
    long checkpointThreshold = 100_000;
    long checkpointAgeMs = 60_000;
    int loadConcurrency = 0;
    int maxDocsPerHash = 0;
    boolean coordinator = false;
    String coordinatorUrl = null;
    String peers = null;
    long bootstrapTimeoutMs = 1_800_000;
    String natsUrl = null;
    String natsPrefix = JetStreamOptions.DEFAULT_PREFIX;
    long natsMaxAgeMs = JetStreamOptions.DEFAULT_MAX_AGE_MS;
    long natsMaxMessages = JetStreamOptions.DEFAULT_MAX_MESSAGES;
    int natsReplicas = JetStreamOptions.DEFAULT_REPLICAS;
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
                "--max-docs-per-hash",
                "--coordinator-url",
                "--peers",
                "--bootstrap-timeout-ms",
                "--nats-url",
                "--nats-prefix",
                "--nats-max-age-ms",
                "--nats-max-messages",
                "--nats-replicas" ->
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
        case "--max-docs-per-hash" ->
            maxDocsPerHash = (int) number(flag, value, 0, Integer.MAX_VALUE);
        case "--coordinator-url" -> coordinatorUrl = value;
        case "--peers" -> peers = value;
        case "--bootstrap-timeout-ms" ->
            bootstrapTimeoutMs = number(flag, value, 0, Long.MAX_VALUE);
        case "--nats-url" -> natsUrl = value;
        case "--nats-prefix" -> natsPrefix = value;
        case "--nats-max-age-ms" -> natsMaxAgeMs = number(flag, value, 0, Long.MAX_VALUE);
        case "--nats-max-messages" -> natsMaxMessages = number(flag, value, 0, Long.MAX_VALUE);
        case "--nats-replicas" -> natsReplicas = (int) number(flag, value, 1, 5);
        default -> throw new IllegalStateException(flag);
      }
    }
    if (peers != null && peers.replace(",", "").isBlank()) {
      peers = null; // an all-empty value counts as unset
    }
    if (peers != null && coordinatorUrl == null && natsUrl == null) {
      warnings.add("--peers has no effect without --coordinator-url or --nats-url");
    }
    int modes =
        (coordinator ? 1 : 0) + (coordinatorUrl != null ? 1 : 0) + (natsUrl != null ? 1 : 0);
    if (modes > 1) {
      throw new IllegalArgumentException(
          "--coordinator, --coordinator-url and --nats-url exclude each other");
    }
    if (natsUrl != null) {
      new JetStreamOptions(
          natsUrl,
          natsPrefix,
          natsMaxAgeMs,
          natsMaxMessages,
          natsReplicas,
          JetStreamOptions.DEFAULT_TIMEOUT); // a bad prefix is a startup error
    }
    return new ServerOptions(
        dir,
        host,
        port,
        legacyPort,
        checkpointThreshold,
        checkpointAgeMs,
        loadConcurrency,
        maxDocsPerHash,
        coordinator,
        coordinatorUrl,
        peers,
        bootstrapTimeoutMs,
        natsUrl,
        natsPrefix,
        natsMaxAgeMs,
        natsMaxMessages,
        natsReplicas,
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
