package org.acoustid.fpindex.server.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link JetStreamChangelog} keeps its streams.
 *
 * @param url the NATS server URL, e.g. {@code nats://127.0.0.1:4222}
 * @param prefix names every stream ({@code <prefix>-meta}, {@code <prefix>-data-<index>-<gen>}) and
 *     subject ({@code <prefix>.meta.<index>}, {@code <prefix>.data.<index>.<gen>}); nodes of one
 *     cluster share it, separate clusters on one NATS use different ones. {@code [A-Za-z0-9_-]+},
 *     default {@value #DEFAULT_PREFIX}.
 * @param maxAgeMs data entries older than this are dropped (replicas further behind heal from a
 *     peer snapshot); 0 keeps them forever; default {@value #DEFAULT_MAX_AGE_MS} (7 days)
 * @param maxMessages write batches kept per lineage; 0 means unlimited (the default)
 * @param replicas JetStream replicas of every stream (1 to 5; 3 in a production cluster), default 1
 * @param timeout bound of each NATS request and of the initial connect, default 5 s
 */
public record JetStreamOptions(
    String url, String prefix, long maxAgeMs, long maxMessages, int replicas, Duration timeout) {
  public static final String DEFAULT_PREFIX = "fpindex";
  public static final long DEFAULT_MAX_AGE_MS = 7L * 24 * 3600 * 1000;
  public static final long DEFAULT_MAX_MESSAGES = 0;
  public static final int DEFAULT_REPLICAS = 1;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  // a name fragment of stream names and subject tokens alike: no '.', '*', '>', blanks or slashes
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  public JetStreamOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(timeout, "timeout");
    if (NAME.matcher(prefix).matches() == false) {
      throw new IllegalArgumentException("prefix must match [A-Za-z0-9_-]+, got prefix=" + prefix);
    }
    if (maxAgeMs < 0) {
      throw new IllegalArgumentException("maxAgeMs must be >= 0, got maxAgeMs=" + maxAgeMs);
    }
    if (maxMessages < 0) {
      throw new IllegalArgumentException(
          "maxMessages must be >= 0, got maxMessages=" + maxMessages);
    }
    if (replicas < 1 || replicas > 5) {
      throw new IllegalArgumentException("replicas must be in [1, 5], got replicas=" + replicas);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got timeout=" + timeout);
    }
  }

  /** The defaults for a NATS server at {@code url}. */
  public static JetStreamOptions of(String url) {
    return new JetStreamOptions(
        url,
        DEFAULT_PREFIX,
        DEFAULT_MAX_AGE_MS,
        DEFAULT_MAX_MESSAGES,
        DEFAULT_REPLICAS,
        DEFAULT_TIMEOUT);
  }

  public JetStreamOptions withUrl(String url) {
    return new JetStreamOptions(url, prefix, maxAgeMs, maxMessages, replicas, timeout);
  }

  public JetStreamOptions withPrefix(String prefix) {
    return new JetStreamOptions(url, prefix, maxAgeMs, maxMessages, replicas, timeout);
  }

  /** Retention of the data streams created from now on; existing streams keep theirs. */
  public JetStreamOptions withRetention(long maxAgeMs, long maxMessages) {
    return new JetStreamOptions(url, prefix, maxAgeMs, maxMessages, replicas, timeout);
  }

  public JetStreamOptions withReplicas(int replicas) {
    return new JetStreamOptions(url, prefix, maxAgeMs, maxMessages, replicas, timeout);
  }

  public JetStreamOptions withTimeout(Duration timeout) {
    return new JetStreamOptions(url, prefix, maxAgeMs, maxMessages, replicas, timeout);
  }
}
