package org.acoustid.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are retried and how long to wait: only 429 (rate limited), 5xx and timeouts, which
 * may succeed later; never other 4xx, which would fail the same way again. Delays double from the
 * initial backoff with up to 50 % random jitter, capped at {@link #MAX_BACKOFF}.
 */
final class RetryPolicy {
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final int maxRetries;
  private final Duration initialBackoff;

  RetryPolicy(int maxRetries, Duration initialBackoff) {
    this.maxRetries = maxRetries;
    this.initialBackoff = initialBackoff;
  }

  int maxRetries() {
    return maxRetries;
  }

  static boolean retryableStatus(int httpStatus) {
    return httpStatus == 429 || httpStatus >= 500;
  }

  /**
   * Delay before retry number {@code retry} (1-based), jitter drawn from {@code jitter01} in [0,
   * 1).
   */
  Duration backoff(int retry, double jitter01) {
    long base = initialBackoff.toMillis() << Math.min(retry - 1, 20);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    return Duration.ofMillis(capped + (long) (capped * 0.5 * jitter01));
  }

  Duration backoff(int retry) {
    return backoff(retry, ThreadLocalRandom.current().nextDouble());
  }
}
