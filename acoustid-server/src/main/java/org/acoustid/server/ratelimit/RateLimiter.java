package org.acoustid.server.ratelimit;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.acoustid.server.util.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's sliding-window rate limiter in Redis (specification §12.2): 4 slots of 5 s; a request
 * increments the current slot of each bucket (application, global, IP, in that order) and is
 * rejected when the four slots together exceed the limit × 20, in which case the increment is taken
 * back. Each bucket check is one Lua script, so concurrent API processes never race.
 *
 * <p>When Redis cannot be reached the limiter lets requests through (fail open): the service keeps
 * answering, {@link #failOpenCount()} counts the requests that went unchecked and a warning is
 * logged at most once a minute.
 */
public final class RateLimiter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
  static final int SLOT_SECONDS = 5;
  static final int SLOTS = 4;
  static final int TTL_SECONDS = 25;
  static final String SCRIPT =
      """
      local current = redis.call('INCR', KEYS[1])
      redis.call('EXPIRE', KEYS[1], ARGV[2])
      local total = current
      for i = 2, #KEYS do
        total = total + tonumber(redis.call('GET', KEYS[i]) or '0')
      end
      if total > tonumber(ARGV[1]) then
        redis.call('DECR', KEYS[1])
        return 0
      end
      return 1
      """;

  /** Why a request was refused: the bucket and its limit in requests per second. */
  public record Rejection(String bucket, double requestsPerSecond) {}

  private final RedisConnector redis;
  private final RateLimits limits;
  private final String keyPrefix;
  private final LongSupplier clockSeconds;
  private final AtomicLong failOpen = new AtomicLong();

  RateLimiter(String redisUrl, RateLimits limits, String keyPrefix, LongSupplier clockSeconds) {
    this.limits = limits;
    this.keyPrefix = keyPrefix;
    this.clockSeconds = clockSeconds;
    this.redis =
        new RedisConnector(redisUrl, Duration.ofMillis(250), log, "requests are not rate limited");
    redis.connection();
  }

  /** A limiter on {@code redisUrl} (e.g. {@code redis://127.0.0.1:6379}) with keys {@code rl:…}. */
  public static RateLimiter connect(String redisUrl, RateLimits limits) {
    return connect(redisUrl, limits, "");
  }

  /** The same with every key under {@code keyPrefix} (tests, shared Redis instances). */
  public static RateLimiter connect(String redisUrl, RateLimits limits, String keyPrefix) {
    return new RateLimiter(redisUrl, limits, keyPrefix, () -> System.currentTimeMillis() / 1000);
  }

  /**
   * Counts one request of {@code applicationId} (null when the endpoint has none) from {@code ip}
   * and says whether it must be refused.
   */
  public Optional<Rejection> check(Integer applicationId, String ip) {
    long slot = clockSeconds.getAsLong() / SLOT_SECONDS;
    boolean ipExempt = false;
    if (applicationId != null) {
      Double override = limits.applicationOverrides().get(applicationId);
      ipExempt = override != null;
      double rate = override != null ? override : limits.application();
      if (!allow("app", Integer.toString(applicationId), rate, slot)) {
        return Optional.of(new Rejection("app", rate));
      }
    }
    if (!allow("global", "", limits.global(), slot)) {
      return Optional.of(new Rejection("global", limits.global()));
    }
    if (!ipExempt && ip != null) {
      double rate = limits.ipOverrides().getOrDefault(ip, limits.ip());
      if (!allow("ip", ip, rate, slot)) {
        return Optional.of(new Rejection("ip", rate));
      }
    }
    return Optional.empty();
  }

  private boolean allow(String bucket, String key, double rate, long slot) {
    StatefulRedisConnection<String, String> c = redis.connection();
    if (c == null) {
      failOpen.incrementAndGet();
      return true;
    }
    String[] keys = new String[SLOTS];
    for (int i = 0; i < SLOTS; i++) {
      keys[i] = keyPrefix + "rl:" + bucket + ":" + key + ":" + (slot - i);
    }
    try {
      RedisCommands<String, String> redis = c.sync();
      Long ok =
          redis.eval(
              SCRIPT,
              ScriptOutputType.INTEGER,
              keys,
              Double.toString(rate * SLOTS * SLOT_SECONDS),
              Integer.toString(TTL_SECONDS));
      return ok != null && ok == 1;
    } catch (RuntimeException e) {
      failOpen.incrementAndGet();
      redis.warn("Redis failed, request not rate limited", e);
      return true;
    }
  }

  /** Requests let through unchecked because Redis did not answer. */
  public long failOpenCount() {
    return failOpen.get();
  }

  @Override
  public void close() {
    redis.close();
  }
}
