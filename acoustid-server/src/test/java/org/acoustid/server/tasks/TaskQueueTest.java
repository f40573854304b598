package org.acoustid.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.acoustid.testing.RedisFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The task queues: the in-process one (bounded, de-duplicated per window, on a test clock) and the
 * Redis lists {@code tasks:xx} in the real Redis (one message per task across processes, bounded
 * lists, upstream's message format, an unreachable Redis never failing the caller).
 */
class TaskQueueTest {
  @RegisterExtension static final RedisFixture redis = new RedisFixture();

  static final Duration HOUR = Duration.ofHours(1);

  /** Offers {@code task} {@code times} times from each of {@code threads} threads at once. */
  static long offerConcurrently(TaskQueue queue, Task task, int threads, int times)
      throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<Long>> accepted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        accepted.add(
            pool.submit(() -> {
              long n = 0;
              for (int i = 0; i < times; i++) {
                n += queue.offer(task) ? 1 : 0;
              }
              return n;
            }));
      }
      long total = 0;
      for (Future<Long> f : accepted) {
        total += f.get();
      }
      return total;
    }
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(5); // polling a condition, not timing anything
    }
  }

  /** Messages in all 256 lists of {@code prefix}. */
  static List<String> messages(String prefix) {
    RedisCommands<String, String> r = redis.commands();
    List<String> out = new ArrayList<>();
    for (int p = 0; p < RedisTaskQueue.PARTITIONS; p++) {
      out.addAll(r.lrange(prefix + "tasks:" + String.format("%02x", p), 0, -1));
    }
    return out;
  }

  @Test
  void theLocalQueueTakesATaskOncePerWindowAndDropsWhatExceedsItsBound() throws Exception {
    AtomicLong clock = new AtomicLong();
    LocalTaskQueue queue = new LocalTaskQueue(2, HOUR, clock::get);
    Task a = Task.mergeMissingMbid(UUID.randomUUID().toString());
    Task b = Task.mergeMissingMbid(UUID.randomUUID().toString());
    Task c = Task.mergeMissingMbid(UUID.randomUUID().toString());

    assertThat(offerConcurrently(queue, a, 8, 500)).as("4000 offers, one queued").isEqualTo(1);
    assertThat(queue.offer(b)).isTrue();
    assertThat(queue.offer(c)).as("full").isFalse();
    assertThat(queue.dropped()).isEqualTo(1);
    assertThat(queue.size()).isEqualTo(2);

    assertThat(queue.take(Duration.ZERO)).isEqualTo(a);
    assertThat(queue.offer(c)).as("a dropped task may be offered again at once").isTrue();
    assertThat(queue.offer(a)).as("taken, but offered within the hour").isFalse();
    clock.addAndGet(HOUR.toNanos());
    assertThat(queue.take(Duration.ZERO)).isEqualTo(b);
    assertThat(queue.offer(a)).as("an hour later").isTrue();
    assertThat(queue.take(Duration.ZERO)).isEqualTo(c);
    assertThat(queue.take(Duration.ZERO)).isEqualTo(a);
    assertThat(queue.take(Duration.ofMillis(1))).isNull();
  }

  @Test
  void twoProcessesOfferingTheSameTaskQueueOneRedisMessage() throws Exception {
    String prefix = redis.prefix() + "dedup:";
    String mbid = UUID.randomUUID().toString();
    Task task = Task.mergeMissingMbid(mbid);
    try (RedisTaskQueue api1 = new RedisTaskQueue(redis.url(), prefix);
        RedisTaskQueue api2 = new RedisTaskQueue(redis.url(), prefix)) {
      offerConcurrently(api1, task, 4, 100);
      offerConcurrently(api2, task, 4, 100);
      await(
          () -> api1.queued() + api2.queued() + api1.duplicates() + api2.duplicates() == 2,
          "both processes heard back from Redis");
      assertThat(api1.queued() + api2.queued()).isEqualTo(1);
      assertThat(messages(prefix))
          .containsExactly(
              "{\"name\":\"merge_missing_mbid\",\"kwargs\":{\"mbid\":\"" + mbid + "\"}}");
      assertThat(
              redis
                  .commands()
                  .lrange(
                      prefix + "tasks:" + String.format("%02x", RedisTaskQueue.partition(task)),
                      0,
                      -1))
          .hasSize(1);
      assertThat(redis.commands().ttl(prefix + "tasks:queued:merge_missing_mbid:" + mbid))
          .as("the marker expires within the hour")
          .isBetween(1L, 3600L);

      assertThat(api2.take(Duration.ofSeconds(1))).isEqualTo(task);
      assertThat(messages(prefix)).isEmpty();
      assertThat(api1.take(Duration.ofMillis(50))).isNull();
    }
  }

  @Test
  void aFullListTakesNoMoreAndForgetsTheRefusedTask() throws Exception {
    String prefix = redis.prefix() + "bound:";
    // three tasks that land in the same list
    List<Task> same = new ArrayList<>();
    Task first = Task.mergeMissingMbid(UUID.randomUUID().toString());
    same.add(first);
    while (same.size() < 3) {
      Task t = Task.mergeMissingMbid(UUID.randomUUID().toString());
      if (RedisTaskQueue.partition(t) == RedisTaskQueue.partition(first)) {
        same.add(t);
      }
    }
    try (RedisTaskQueue queue =
        new RedisTaskQueue(redis.url(), prefix, HOUR, 2, System::nanoTime)) {
      for (Task t : same) {
        queue.offer(t);
      }
      await(() -> queue.queued() + queue.dropped() == 3, "three answers");
      assertThat(queue.queued()).isEqualTo(2);
      assertThat(queue.dropped()).isEqualTo(1);
      assertThat(messages(prefix)).hasSize(2);
      assertThat(redis.commands().exists(prefix + "tasks:queued:" + same.get(2).key()))
          .as("no marker for the refused task")
          .isZero();

      assertThat(queue.take(Duration.ofSeconds(1))).isEqualTo(same.get(0));
      assertThat(queue.offer(same.get(2))).as("offered again once there is room").isTrue();
      await(() -> queue.queued() == 3, "queued");
      assertThat(messages(prefix)).hasSize(2);
    }
  }

  @Test
  void upstreamMessagesAreTakenAndMalformedOnesDropped() throws Exception {
    String prefix = redis.prefix() + "upstream:";
    redis
        .commands()
        .rpush(
            prefix + "tasks:7f",
            "not json",
            "{\"name\": \"merge_missing_mbid\", \"kwargs\": {\"mbid\": \"abc\"}}");
    try (RedisTaskQueue queue = new RedisTaskQueue(redis.url(), prefix)) {
      assertThat(queue.take(Duration.ofSeconds(1))).as("the malformed message").isNull();
      assertThat(queue.take(Duration.ofSeconds(1)))
          .isEqualTo(new Task("merge_missing_mbid", Map.of("mbid", "abc")));
      assertThat(messages(prefix)).isEmpty();
    }
  }

  @Test
  void anUnreachableRedisNeitherBlocksNorFailsTheCaller() throws Exception {
    try (RedisTaskQueue queue = new RedisTaskQueue("redis://127.0.0.1:1", redis.prefix())) {
      long start = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        assertThat(queue.offer(Task.mergeMissingMbid(UUID.randomUUID().toString()))).isFalse();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("one failed connection attempt, then none for 10 s")
          .isLessThan(Duration.ofSeconds(5));
      assertThat(queue.take(Duration.ofMillis(10))).isNull();
    }
  }
}
