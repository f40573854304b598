package org.acoustid.chromaprint;

/**
 * The URL-safe base64 of compressed fingerprints ({@code A-Z a-z 0-9 - _}, no padding).
 *
 * <p>{@link #decodeStrict} accepts only that alphabet and lengths {@code 4k}, {@code 4k+2}, {@code
 * 4k+3}; {@link #decodeCompatible} behaves as libchromaprint: any other character reads as 0 and a
 * final single character is ignored, for servers that must accept whatever the library accepts.
 */
public final class FingerprintBase64 {
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = (byte) i;
    }
  }

  private FingerprintBase64() {}

  public static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 4 + 2) / 3);
    int i = 0;
    for (; i + 2 < bytes.length; i += 3) {
      int v = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff);
      out.append(ALPHABET[v >>> 18])
          .append(ALPHABET[(v >>> 12) & 63])
          .append(ALPHABET[(v >>> 6) & 63])
          .append(ALPHABET[v & 63]);
    }
    int rest = bytes.length - i;
    if (rest == 1) {
      int v = (bytes[i] & 0xff) << 16;
      out.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63]);
    } else if (rest == 2) {
      int v = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8;
      out.append(ALPHABET[v >>> 18])
          .append(ALPHABET[(v >>> 12) & 63])
          .append(ALPHABET[(v >>> 6) & 63]);
    }
    return out.toString();
  }

  /** Decodes, rejecting any character outside the alphabet and impossible lengths. */
  public static byte[] decodeStrict(String text) {
    if (text.length() % 4 == 1) {
      throw new InvalidFingerprintException(
          "base64 length " + text.length() + " is impossible (length % 4 == 1)");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 128 || VALUES[c] < 0) {
        throw new InvalidFingerprintException(
            "character '" + c + "' at " + i + " is not URL-safe base64");
      }
    }
    return decodeCompatible(text);
  }

  /**
   * Decodes as libchromaprint does: unknown characters read as 0, a dangling character is ignored.
   */
  public static byte[] decodeCompatible(String text) {
    int full = text.length() / 4;
    int rest = text.length() % 4;
    int size = full * 3 + (rest == 2 ? 1 : rest == 3 ? 2 : 0);
    byte[] out = new byte[size];
    int o = 0;
    int i = 0;
    for (int g = 0; g < full; g++, i += 4) {
      int v =
          value(text, i) << 18
              | value(text, i + 1) << 12
              | value(text, i + 2) << 6
              | value(text, i + 3);
      out[o++] = (byte) (v >>> 16);
      out[o++] = (byte) (v >>> 8);
      out[o++] = (byte) v;
    }
    if (rest >= 2) {
      int v =
          value(text, i) << 18
              | value(text, i + 1) << 12
              | (rest == 3 ? value(text, i + 2) << 6 : 0);
      out[o++] = (byte) (v >>> 16);
      if (rest == 3) {
        out[o] = (byte) (v >>> 8);
      }
    }
    return out;
  }

  private static int value(String text, int index) {
    char c = text.charAt(index);
    return c < 128 && VALUES[c] >= 0 ? VALUES[c] : 0;
  }
}
