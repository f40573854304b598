package org.acoustid.server.db;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo {@code client} key of the website's API documentation (specification §3.2): derived from
 * {@code [website] secret} and the day, it authenticates as application {@value #APPLICATION_ID}
 * without registration. HMAC-MD5 of the day's proleptic-Gregorian ordinal in lowercase hex, keyed
 * by {@code <secret>:demo-client-api-key}; the first 8 bytes in URL-safe base64 without padding,
 * the second-to-last character replaced by {@code A}. A key is accepted when it equals the key of
 * today … today + 6 (quirk Q2, kept: the window runs forward, so in practice a key works on the day
 * it was made).
 */
public final class DemoKey {
  public static final int APPLICATION_ID = 2;
  static final int WINDOW_DAYS = 7;
  // LocalDate.toEpochDay() is days since 1970-01-01; the ordinal counts 0001-01-01 as 1
  private static final long ORDINAL_OF_EPOCH = 719_163;

  private DemoKey() {}

  /** The demo key of {@code day}. */
  public static String forDay(String secret, LocalDate day) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(
          new SecretKeySpec(
              (secret + ":demo-client-api-key").getBytes(StandardCharsets.UTF_8), "HmacMD5"));
      String message = Long.toHexString(day.toEpochDay() + ORDINAL_OF_EPOCH);
      byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
      byte[] first8 = java.util.Arrays.copyOf(digest, 8);
      char[] key = Base64.getUrlEncoder().withoutPadding().encodeToString(first8).toCharArray();
      key[key.length - 2] = 'A';
      return new String(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacMD5 is part of every JDK", e);
    }
  }

  /** True when {@code key} is the demo key of one of the days {@code today} … today + 6. */
  public static boolean isValid(String secret, String key, LocalDate today) {
    if (secret == null || secret.isEmpty() || key == null || key.length() != 11) {
      return false;
    }
    if (key.charAt(9) != 'A') {
      return false;
    }
    for (int d = 0; d < WINDOW_DAYS; d++) {
      if (java.security.MessageDigest.isEqual(
          forDay(secret, today.plusDays(d)).getBytes(StandardCharsets.US_ASCII),
          key.getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }
}
