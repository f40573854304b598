package org.acoustid.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.acoustid.testing.RedisFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sliding-window limiter on the real Redis, with a test clock (no sleeping). */
class RateLimiterTest {
  @RegisterExtension static final RedisFixture redis = new RedisFixture();
  static int run;

  final AtomicLong clock = new AtomicLong(1_000_000);

  RateLimiter limiter(RateLimits limits) {
    // each test its own key space under the class prefix
    return new RateLimiter(redis.url(), limits, redis.prefix() + (run++) + ":", clock::get);
  }

  @Test
  void theIpBucketAllowsTwentySecondsOfBudgetThenSlides() {
    try (RateLimiter limiter = limiter(new RateLimits(10, 100, 1, Map.of(), Map.of()))) {
      for (int i = 0; i < 20; i++) {
        assertThat(limiter.check(null, "10.0.0.1")).as("request %d", i).isEmpty();
      }
      assertThat(limiter.check(null, "10.0.0.1")).contains(new RateLimiter.Rejection("ip", 1.0));
      assertThat(limiter.check(null, "10.0.0.2")).as("another address").isEmpty();
      clock.addAndGet(15); // three slots later the first slot still counts
      assertThat(limiter.check(null, "10.0.0.1")).isPresent();
      clock.addAndGet(5); // four slots later it has slid out
      for (int i = 0; i < 20; i++) {
        assertThat(limiter.check(null, "10.0.0.1")).as("after the window, %d", i).isEmpty();
      }
      assertThat(limiter.check(null, "10.0.0.1")).isPresent();
      assertThat(limiter.failOpenCount()).isZero();
    }
  }

  @Test
  void applicationBucketComesFirstAndAnOverrideExemptsFromTheIpLimit() {
    RateLimits limits = new RateLimits(0.5, 100, 0.25, Map.of(7, 2.0), Map.of());
    try (RateLimiter limiter = limiter(limits)) {
      // ip limit 0.25/s = 5 per window (the app's 0.5/s would allow 10)
      for (int i = 0; i < 5; i++) {
        assertThat(limiter.check(3, "10.0.0.3")).as("request %d", i).isEmpty();
      }
      assertThat(limiter.check(3, "10.0.0.3")).contains(new RateLimiter.Rejection("ip", 0.25));
      for (int i = 0; i < 40; i++) {
        assertThat(limiter.check(7, "10.0.0.4")).as("overridden app, %d", i).isEmpty();
      }
      assertThat(limiter.check(7, "10.0.0.4")).contains(new RateLimiter.Rejection("app", 2.0));
    }
  }

  @Test
  void concurrentApiProcessesShareTheBudgetExactly() throws Exception {
    RateLimits limits = new RateLimits(10, 100, 5, Map.of(), Map.of()); // 100 per window
    try (RateLimiter a = limiter(limits)) {
      RateLimiter b =
          new RateLimiter(redis.url(), limits, redis.prefix() + (run - 1) + ":", clock::get);
      try {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> allowed = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          RateLimiter mine = t % 2 == 0 ? a : b;
          allowed.add(
              pool.submit(() -> {
                int n = 0;
                for (int i = 0; i < 60; i++) {
                  if (mine.check(null, "10.0.0.5").isEmpty()) {
                    n++;
                  }
                }
                return n;
              }));
        }
        int total = 0;
        for (Future<Integer> f : allowed) {
          total += f.get();
        }
        pool.shutdown();
        assertThat(total).as("5/s × 20 s, across two limiters and four threads").isEqualTo(100);
      } finally {
        b.close();
      }
    }
  }

  @Test
  void withoutRedisRequestsPassAndAreCounted() {
    try (RateLimiter limiter =
        new RateLimiter("redis://127.0.0.1:1", RateLimits.DEFAULT, "x:", clock::get)) {
      Optional<RateLimiter.Rejection> r = limiter.check(1, "10.0.0.6");
      assertThat(r).isEmpty();
      assertThat(limiter.failOpenCount()).isEqualTo(3);
    }
  }
}
