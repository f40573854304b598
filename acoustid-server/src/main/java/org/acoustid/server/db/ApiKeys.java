package org.acoustid.server.db;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * New application and user keys, as upstream makes them: 20 random bytes, standard base64, with
 * {@code +}, {@code /} and {@code =} removed, first 10 characters.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final int LENGTH = 10;

  private ApiKeys() {}

  public static String generate() {
    while (true) {
      byte[] bytes = new byte[20];
      RANDOM.nextBytes(bytes);
      String key =
          Base64.getEncoder()
              .encodeToString(bytes)
              .replace("+", "")
              .replace("/", "")
              .replace("=", "");
      if (key.length() >= LENGTH) { // 27 characters minus the removed ones: practically always
        return key.substring(0, LENGTH);
      }
    }
  }
}
