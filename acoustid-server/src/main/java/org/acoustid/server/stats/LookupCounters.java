package org.acoustid.server.stats;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import javax.sql.DataSource;
import org.acoustid.server.db.LookupStatsRepository;
import org.acoustid.server.util.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lookup and user-agent counters in Redis (specification §12.1, §12.3): the API increments hash
 * fields {@code lookups:<pp>} → {@code YYYY-MM-DD:HH:<app>:<hit|miss>} and {@code ua:<pp>} → {@code
 * YYYY-MM-DD:<app>:<user agent>:<ip>} (pp = two hex digits spreading the fields over 256 keys); the
 * cron flush adds them to {@code stats_lookups} and {@code stats_user_agents} and subtracts what it
 * wrote, so increments racing with a flush are never lost. Write failures are logged and ignored:
 * counting never fails a lookup.
 */
public final class LookupCounters implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LookupCounters.class);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection; // null: Redis unreachable
  private final String prefix;

  public LookupCounters(String redisUrl, String keyPrefix) {
    RedisURI uri = RedisURI.create(redisUrl);
    uri.setTimeout(Duration.ofMillis(250));
    this.client = RedisClient.create(uri);
    StatefulRedisConnection<String, String> c = null;
    try {
      c = client.connect();
    } catch (RuntimeException e) {
      log.warn(
          "cannot connect to Redis at {}: lookups are not counted ({})",
          RedisConnector.where(uri),
          e.toString());
    }
    this.connection = c;
    this.prefix = keyPrefix;
  }

  static String partition(String field) {
    return String.format("%02x", field.hashCode() & 0xFF);
  }

  /** Counts one lookup entry of {@code applicationId} at {@code now}. */
  public void lookup(int applicationId, boolean hit, LocalDateTime now) {
    String field =
        now.toLocalDate()
            + ":"
            + now.getHour()
            + ":"
            + applicationId
            + ":"
            + (hit ? "hit" : "miss");
    increment("lookups:", field);
  }

  /** Counts one request of {@code applicationId} from {@code userAgent} at {@code ip}. */
  public void userAgent(int applicationId, String userAgent, String ip, LocalDate day) {
    String field =
        day
            + ":"
            + applicationId
            + ":"
            + encode(userAgent == null ? "" : userAgent)
            + ":"
            + encode(ip);
    increment("ua:", field);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2F", "/");
  }

  private void increment(String kind, String field) {
    if (connection == null) {
      return;
    }
    try {
      connection.async().hincrby(prefix + kind + partition(field), field, 1);
    } catch (RuntimeException e) {
      log.debug("counter {} not written: {}", field, e.toString());
    }
  }

  /** Flushes every lookup counter into {@code stats_lookups}; returns the fields written. */
  public int flushLookups(DataSource db) throws SQLException {
    if (connection == null) {
      return 0;
    }
    LookupStatsRepository stats = new LookupStatsRepository(db);
    int written = 0;
    RedisCommands<String, String> redis = connection.sync();
    for (int p = 0; p < 256; p++) {
      String key = prefix + "lookups:" + String.format("%02x", p);
      for (Map.Entry<String, String> e : redis.hgetall(key).entrySet()) {
        long count = Long.parseLong(e.getValue());
        if (count == 0) {
          redis.hdel(key, e.getKey());
          continue;
        }
        String[] parts = e.getKey().split(":");
        if (parts.length != 4) {
          redis.hdel(key, e.getKey()); // not ours
          continue;
        }
        boolean hit = parts[3].equals("hit");
        if (!stats.addLookups(
            Integer.parseInt(parts[2]),
            LocalDate.parse(parts[0]),
            Integer.parseInt(parts[1]),
            hit ? count : 0,
            hit ? 0 : count)) {
          redis.hdel(key, e.getKey()); // unknown application: drop the field
          continue;
        }
        redis.hincrby(key, e.getKey(), -count); // what arrived meanwhile stays
        written++;
      }
    }
    return written;
  }

  /**
   * Flushes every user-agent counter into {@code stats_user_agents}; returns the fields written.
   */
  public int flushUserAgents(DataSource db) throws SQLException {
    if (connection == null) {
      return 0;
    }
    LookupStatsRepository stats = new LookupStatsRepository(db);
    int written = 0;
    RedisCommands<String, String> redis = connection.sync();
    for (int p = 0; p < 256; p++) {
      String key = prefix + "ua:" + String.format("%02x", p);
      for (Map.Entry<String, String> e : redis.hgetall(key).entrySet()) {
        long count = Long.parseLong(e.getValue());
        String[] parts = e.getKey().split(":", 4);
        if (count == 0 || parts.length != 4) {
          redis.hdel(key, e.getKey());
          continue;
        }
        if (!stats.addUserAgent(
            Integer.parseInt(parts[1]),
            LocalDate.parse(parts[0]),
            java.net.URLDecoder.decode(parts[2], StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(parts[3], StandardCharsets.UTF_8),
            count)) {
          redis.hdel(key, e.getKey());
          continue;
        }
        redis.hincrby(key, e.getKey(), -count);
        written++;
      }
    }
    return written;
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
    client.shutdown();
  }
}
