package org.acoustid.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The day's demo client key (specification §3.2). */
class DemoKeyTest {
  private static final String SECRET = "s3cret";
  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

  @Test
  void matchesAnIndependentComputation() {
    // Python: hmac.new(b"s3cret:demo-client-api-key", format(date(2026,12,1).toordinal(), "x")
    // .encode(), hashlib.md5).digest()[:8], urlsafe base64 without padding, [-2] = "A"
    assertThat(DemoKey.forDay(SECRET, DAY)).isEqualTo("f8okTBEQJAM");
  }

  @Test
  void aKeyIsValidFromTheWeekBeforeItsDayUntilItsDay() {
    String key = DemoKey.forDay(SECRET, DAY);
    assertThat(DemoKey.isValid(SECRET, key, DAY)).isTrue();
    assertThat(DemoKey.isValid(SECRET, key, DAY.minusDays(6))).isTrue();
    assertThat(DemoKey.isValid(SECRET, key, DAY.minusDays(7))).isFalse();
    assertThat(DemoKey.isValid(SECRET, key, DAY.plusDays(1))).as("quirk Q2: not after").isFalse();
    assertThat(DemoKey.isValid("other", key, DAY)).isFalse();
    assertThat(DemoKey.isValid(null, key, DAY)).isFalse();
    assertThat(DemoKey.isValid(SECRET, key.substring(1), DAY)).isFalse();
    char[] chars = key.toCharArray();
    chars[9] = 'B';
    assertThat(DemoKey.isValid(SECRET, new String(chars), DAY)).isFalse();
  }
}
