package org.acoustid.fpindex.server.legacy;

/**
 * The {@code <fp>} argument of the legacy protocol: comma-separated decimal integers, each parsed
 * as a signed 64-bit number and truncated to its low 32 bits (clients send hashes as signed int32).
 */
final class FingerprintArgument {
  private FingerprintArgument() {}

  /** The hashes, an empty array for an empty list, or null when a token is not a number. */
  static int[] parse(String argument) {
    if (argument.isEmpty()) {
      return new int[0];
    }
    String[] parts = argument.split(",", -1);
    int[] hashes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        hashes[i] = (int) Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return hashes;
  }
}
