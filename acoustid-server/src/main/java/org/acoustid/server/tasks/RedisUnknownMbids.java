package org.acoustid.server.tasks;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.acoustid.server.util.RedisConnector;

/**
 * First-missing times in Redis as upstream keeps them (specification §12.1): the string key {@code
 * unknown_mbid:<mbid>} holds an ISO 8601 timestamp with microseconds and offset, as Python's {@code
 * isoformat()} writes it ({@code 2026-11-02T03:04:05.000000+00:00}), no TTL. A value without offset
 * (a naive timestamp) is read as UTC. Uses the connection of the deployment's {@link
 * RedisTaskQueue}; thread-safe.
 */
public final class RedisUnknownMbids implements UnknownMbids {
  static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

  private final RedisConnector redis;
  private final String prefix;

  /** Times in the Redis of {@code queue}, under its key prefix. */
  public RedisUnknownMbids(RedisTaskQueue queue) {
    this.redis = queue.connector();
    this.prefix = queue.prefix();
  }

  /** The key of {@code mbid}. */
  String key(UUID mbid) {
    return prefix + "unknown_mbid:" + mbid;
  }

  @Override
  public OffsetDateTime firstMissing(Connection c, UUID mbid, OffsetDateTime now)
      throws SQLException {
    StatefulRedisConnection<String, String> connection = redis.connection();
    if (connection == null) {
      // the job's transaction rolls back and a later lookup asks again
      throw new IllegalStateException("Redis at " + redis.where() + " is unreachable");
    }
    RedisCommands<String, String> commands = connection.sync();
    String key = key(mbid);
    String stored = commands.get(key);
    if (stored == null) {
      String value = now.format(FORMAT);
      if ("OK".equals(commands.set(key, value, SetArgs.Builder.nx()))) {
        return now;
      }
      stored = commands.get(key); // set meanwhile by another process
    }
    return parse(stored);
  }

  static OffsetDateTime parse(String stored) {
    try {
      return OffsetDateTime.parse(stored);
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(stored).atOffset(ZoneOffset.UTC);
    }
  }
}
