package org.acoustid.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limit on a simulated clock: no real time passes, so the test cannot be flaky. */
class RequestPacerTest {
  @Test
  void concurrentCallersGetDistinctSlotsOneIntervalApart() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    // the clock stands still and sleeps return at once: slots must still come out spaced, because
    // they are reserved under the lock before anyone sleeps
    RequestPacer pacer = new RequestPacer(3.0, clock::get, nanos -> {});
    long interval = (long) Math.ceil(1e9 / 3.0);
    List<Long> slots = Collections.synchronizedList(new ArrayList<>());
    int threads = 8;
    int perThread = 25;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          Thread.ofPlatform()
              .start(() -> {
                try {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    slots.add(pacer.acquire());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    List<Long> sorted = new ArrayList<>(slots);
    Collections.sort(sorted);
    assertThat(sorted).hasSize(threads * perThread);
    for (int i = 1; i < sorted.size(); i++) {
      assertThat(sorted.get(i) - sorted.get(i - 1)).isGreaterThanOrEqualTo(interval);
    }
  }

  @Test
  void idleTimeIsNotBankedIntoBursts() throws InterruptedException {
    AtomicLong clock = new AtomicLong(0);
    List<Long> sleeps = new ArrayList<>();
    RequestPacer pacer = new RequestPacer(2.0, clock::get, sleeps::add);
    pacer.acquire();
    clock.addAndGet(10_000_000_000L); // ten idle seconds
    pacer.acquire();
    long second = pacer.acquire();
    assertThat(second).isEqualTo(10_500_000_000L);
    assertThat(sleeps).containsExactly(500_000_000L);
  }

  @Test
  void zeroDisablesPacing() throws InterruptedException {
    List<Long> sleeps = new ArrayList<>();
    RequestPacer pacer = new RequestPacer(0, () -> 5, sleeps::add);
    for (int i = 0; i < 100; i++) {
      pacer.acquire();
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void backoffDoublesWithBoundedJitterAndOnlyRetryableStatusesQualify() {
    RetryPolicy policy = new RetryPolicy(5, java.time.Duration.ofMillis(100));
    assertThat(policy.backoff(1, 0.0).toMillis()).isEqualTo(100);
    assertThat(policy.backoff(2, 0.0).toMillis()).isEqualTo(200);
    assertThat(policy.backoff(3, 0.999).toMillis()).isBetween(400L, 600L);
    assertThat(policy.backoff(40, 0.0)).isEqualTo(RetryPolicy.MAX_BACKOFF);
    assertThat(RetryPolicy.retryableStatus(429)).isTrue();
    assertThat(RetryPolicy.retryableStatus(502)).isTrue();
    assertThat(RetryPolicy.retryableStatus(400)).isFalse();
    assertThat(RetryPolicy.retryableStatus(404)).isFalse();
  }
}
