package org.acoustid.server.tasks;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.acoustid.server.util.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks in the Redis lists {@code tasks:<00..ff>} (specification §12.1, §13.2), shared by every API
 * and worker process of a deployment: a message is JSON {@code {"name", "kwargs"}}, pushed on the
 * right of the list chosen by a hash of the task key and popped from the left by any worker.
 *
 * <p>De-duplication happens twice: this process offers a task key at most once per {@link
 * #ONCE_PER}, and one Lua script sets {@code tasks:queued:<task key>} (if absent, expiring after
 * the same hour) and pushes the message only then, so all processes together queue a task at most
 * once per hour. A list holding {@link #MAX_LENGTH} messages takes no more (the marker is removed
 * again), which bounds the queue when no worker runs.
 *
 * <p>{@link #offer} is fire-and-forget (asynchronous, failures logged at most once a minute), so a
 * lookup never waits for Redis. {@link #take} blocks on {@code BLPOP} over all 256 lists, starting
 * at a random one, on a connection of its own. Thread-safe; the owner closes it.
 */
public final class RedisTaskQueue implements TaskQueue {
  private static final Logger log = LoggerFactory.getLogger(RedisTaskQueue.class);
  static final int PARTITIONS = 256;

  /** Messages one list holds at most. */
  public static final int MAX_LENGTH = 10_000;

  static final String OFFER_SCRIPT =
      """
      if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then
        return 0
      end
      if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[3]) then
        redis.call('DEL', KEYS[2])
        return -1
      end
      redis.call('RPUSH', KEYS[1], ARGV[1])
      return 1
      """;

  private final RedisConnector redis;
  private final String prefix;
  private final RecentKeys recent;
  private final long onceSeconds;
  private final int maxLength;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private StatefulRedisConnection<String, String> blocking; // take() only
  private volatile boolean closed;

  /**
   * Tasks in the Redis of {@code redisUrl}, every key under {@code keyPrefix} (empty in production,
   * a private prefix in tests).
   */
  public RedisTaskQueue(String redisUrl, String keyPrefix) {
    this(redisUrl, keyPrefix, ONCE_PER, MAX_LENGTH, System::nanoTime);
  }

  RedisTaskQueue(
      String redisUrl, String keyPrefix, Duration oncePer, int maxLength, LongSupplier clock) {
    this.redis =
        new RedisConnector(
            redisUrl, Duration.ofSeconds(5), log, "background tasks are not queued or run");
    this.prefix = keyPrefix;
    this.recent = new RecentKeys(oncePer, LocalTaskQueue.RECENT_KEYS, clock);
    this.onceSeconds = Math.max(1, oncePer.toSeconds());
    this.maxLength = maxLength;
  }

  /** The list of {@code partition} (0..255). */
  String list(int partition) {
    return prefix + "tasks:" + String.format("%02x", partition);
  }

  static int partition(Task task) {
    return task.key().hashCode() & (PARTITIONS - 1);
  }

  /** The connection shared with other users of this Redis (the unknown-MBID times). */
  RedisConnector connector() {
    return redis;
  }

  /** The key prefix of every key this queue writes. */
  String prefix() {
    return prefix;
  }

  @Override
  public boolean offer(Task task) {
    if (!recent.firstInWindow(task.key())) {
      return false;
    }
    StatefulRedisConnection<String, String> c = redis.connection();
    if (c == null) {
      recent.forget(task.key());
      return false;
    }
    try {
      c.async()
          .<Long>eval(
              OFFER_SCRIPT,
              ScriptOutputType.INTEGER,
              new String[] {list(partition(task)), prefix + "tasks:queued:" + task.key()},
              task.toJson(),
              Long.toString(onceSeconds),
              Integer.toString(maxLength))
          .whenComplete((result, error) -> {
            if (error != null) {
              recent.forget(task.key());
              redis.warn("task " + task.name() + " not queued in Redis at " + redis.where(), error);
            } else if (result == 1) {
              queued.incrementAndGet();
            } else if (result == 0) {
              duplicates.incrementAndGet();
            } else {
              recent.forget(task.key());
              dropped.incrementAndGet();
            }
          });
      return true;
    } catch (RuntimeException e) {
      recent.forget(task.key());
      redis.warn("task " + task.name() + " not queued in Redis at " + redis.where(), e);
      return false;
    }
  }

  @Override
  public Task take(Duration timeout) throws InterruptedException {
    String[] keys = new String[PARTITIONS];
    int start = ThreadLocalRandom.current().nextInt(PARTITIONS);
    for (int i = 0; i < PARTITIONS; i++) {
      keys[i] = list((start + i) % PARTITIONS);
    }
    KeyValue<String, String> popped;
    try {
      synchronized (this) {
        if (blocking == null) {
          blocking = redis.open();
        }
      }
      popped = blocking.sync().blpop(Math.max(0.01, timeout.toMillis() / 1000.0), keys);
    } catch (RuntimeException e) {
      if (closed) {
        return null;
      }
      redis.warn("cannot take tasks from Redis at " + redis.where(), e);
      Thread.sleep(timeout.toMillis());
      return null;
    }
    if (popped == null || !popped.hasValue()) {
      return null;
    }
    try {
      return Task.parse(popped.getValue());
    } catch (IllegalArgumentException e) {
      log.warn("dropped a malformed task message from {}: {}", popped.getKey(), e.getMessage());
      return null;
    }
  }

  /** Tasks this process pushed to a list. */
  public long queued() {
    return queued.get();
  }

  /** Offers Redis refused because another process had queued the same task within the hour. */
  public long duplicates() {
    return duplicates.get();
  }

  /** Offers refused because the list was full. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      if (blocking != null) {
        blocking.close();
      }
    }
    redis.close();
  }
}
