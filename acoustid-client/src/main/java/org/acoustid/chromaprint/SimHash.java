package org.acoustid.chromaprint;

/**
 * {@code chromaprint_hash_fingerprint}: bit j of the hash is set when more than half of the items
 * have bit j set. Near-identical audio gives hashes a few bits apart ({@code Integer.bitCount(h1 ^
 * h2)}); the library calls more than 15 bits "different".
 */
public final class SimHash {
  private SimHash() {}

  public static int of(int[] raw) {
    int[] ones = new int[32];
    for (int item : raw) {
      for (int bit = 0; bit < 32; bit++) {
        ones[bit] += (item >>> bit) & 1;
      }
    }
    int hash = 0;
    for (int bit = 0; bit < 32; bit++) {
      if (ones[bit] > raw.length / 2) {
        hash |= 1 << bit;
      }
    }
    return hash;
  }
}
