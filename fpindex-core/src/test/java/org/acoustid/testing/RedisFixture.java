package org.acoustid.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis connection and a key prefix private to one test class; every key under the prefix is
 * deleted after the class. Tests must put all their keys under {@link #prefix()}.
 */
public final class RedisFixture implements BeforeAllCallback, AfterAllCallback {
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private String prefix;

  @Override
  public void beforeAll(ExtensionContext context) {
    prefix =
        "test:"
            + context.getRequiredTestClass().getSimpleName()
            + ":"
            + Long.toHexString(ThreadLocalRandom.current().nextLong())
            + ":";
    client = RedisClient.create(ServiceEndpoints.redisUrl());
    try {
      connection = client.connect();
    } catch (RedisConnectionException e) {
      client.shutdown();
      throw new IllegalStateException(
          "cannot reach Redis at " + ServiceEndpoints.redisUrl() + ServiceEndpoints.startHint(), e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (connection != null) {
      RedisCommands<String, String> redis = connection.sync();
      List<String> keys = new ArrayList<>();
      ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "*").limit(500))
          .forEachRemaining(keys::add);
      if (keys.isEmpty() == false) {
        redis.del(keys.toArray(String[]::new));
      }
      connection.close();
    }
    if (client != null) {
      client.shutdown();
    }
  }

  /** Synchronous commands on the shared connection. */
  public RedisCommands<String, String> commands() {
    return connection.sync();
  }

  /** The key prefix owned by this test class, ending with ':'. */
  public String prefix() {
    return prefix;
  }

  /** The Redis URL, for code under test that opens its own client. */
  public String url() {
    return ServiceEndpoints.redisUrl();
  }
}
