package org.acoustid.server.util;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * One Redis client and its shared connection, opened on first use: after a failure to connect it is
 * tried again at most every 10 s (an open connection reconnects by itself), so a service whose
 * Redis is down keeps serving. Warnings go to the owner's logger at most once a minute, and name
 * the address, never the password. Thread-safe; the owner closes it.
 */
public final class RedisConnector implements AutoCloseable {
  static final long RETRY_NANOS = 10_000_000_000L;
  static final long WARN_EVERY_NANOS = 60_000_000_000L;

  private final RedisClient client;
  private final String where;
  private final Logger log;
  private final String unavailable;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long nextConnectNanos;
  private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param redisUrl e.g. {@code redis://127.0.0.1:6379} or a Sentinel URL
   * @param timeout command timeout of the connections
   * @param log the owner's logger
   * @param unavailable what a failure to connect means, for the warning ("requests are not rate
   *     limited")
   */
  public RedisConnector(String redisUrl, Duration timeout, Logger log, String unavailable) {
    RedisURI uri = RedisURI.create(redisUrl);
    this.where = where(uri);
    uri.setTimeout(timeout);
    this.client = RedisClient.create(uri);
    this.log = log;
    this.unavailable = unavailable;
    this.nextConnectNanos = System.nanoTime();
  }

  /** Where {@code uri} points, without its credentials. */
  public static String where(RedisURI uri) {
    if (uri.getSentinels().isEmpty()) {
      return uri.getHost() + ":" + uri.getPort();
    }
    RedisURI first = uri.getSentinels().getFirst();
    return "sentinel "
        + first.getHost()
        + ":"
        + first.getPort()
        + ", master "
        + uri.getSentinelMasterId();
  }

  /** The address, for log lines. */
  public String where() {
    return where;
  }

  /** The shared connection; null while Redis cannot be reached. */
  public StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null || System.nanoTime() - nextConnectNanos < 0) {
      return c;
    }
    synchronized (this) {
      if (connection == null && System.nanoTime() - nextConnectNanos >= 0) {
        try {
          connection = client.connect();
        } catch (RuntimeException e) {
          nextConnectNanos = System.nanoTime() + RETRY_NANOS;
          warn("cannot connect to Redis at " + where + "; " + unavailable, e);
        }
      }
      return connection;
    }
  }

  /**
   * A new connection of the same client for blocking commands (the caller closes it).
   *
   * @throws RuntimeException when Redis cannot be reached
   */
  public StatefulRedisConnection<String, String> open() {
    return client.connect();
  }

  /** Logs {@code message} with {@code e} as a warning, at most once a minute. */
  public void warn(String message, Throwable e) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if ((last == Long.MIN_VALUE || now - last > WARN_EVERY_NANOS)
        && lastWarning.compareAndSet(last, now)) {
      log.warn("{}: {}", message, e.toString());
    }
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown();
  }
}
