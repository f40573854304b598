package org.acoustid.benchmarks.acoustid;

import java.util.SplittableRandom;

/**
 * Deterministic, Chromaprint-like raw fingerprints for a catalog of any size, computed from the
 * fingerprint id (so a million of them need no memory and a query can be drawn for any id).
 *
 * <ul>
 *   <li>a song is 160 to 320 items (20 to 40 s at about 8 items per second) of a slow random walk:
 *       each item flips 1 to 4 bits of the previous one, as consecutive Chromaprint items do;
 *   <li>30 % of the items are instead drawn from a Zipf-like pool of 2^20 common values (silence,
 *       steady tones), which is what makes some index terms very popular;
 *   <li>10 % of songs are re-encodings of an earlier song (the same items, bits flipped in 20 % of
 *       them), so some queries meet several good candidates;
 *   <li>a query for song {@code id} is another re-encoding, trimmed by up to 16 items at the start.
 * </ul>
 */
public final class SyntheticCatalog {
  static final int POPULAR = 1 << 20;

  /** Part of the benchmark database name: a new version means a new catalog. */
  public static final int VERSION = 2;

  private final long seed;

  public SyntheticCatalog(long seed) {
    this.seed = seed;
  }

  /** The stored fingerprint of catalog entry {@code id} (1-based). */
  public int[] song(int id) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
    if (id > 1000 && r.nextInt(100) < 10) {
      int original = id - 1 - r.nextInt(1000);
      return reencode(song(original), r, 20, 0);
    }
    int n = 160 + r.nextInt(161);
    int[] items = new int[n];
    int h = r.nextInt();
    for (int i = 0; i < n; i++) {
      if (r.nextInt(100) < 30) {
        items[i] = popular(r);
      } else {
        for (int flips = 1 + r.nextInt(4); flips > 0; flips--) {
          h ^= 1 << r.nextInt(32);
        }
        items[i] = h;
      }
    }
    return items;
  }

  /** A lookup of song {@code id}: re-encoded (bits flipped in 30 % of items) and trimmed. */
  public int[] query(int id, SplittableRandom r) {
    return reencode(song(id), r, 30, r.nextInt(17));
  }

  /** Duration in whole seconds, as a client reports it for {@code items} items. */
  public static int duration(int items) {
    return Math.max(1, (int) Math.round(items * 0.1238));
  }

  private static int[] reencode(int[] items, SplittableRandom r, int percent, int trim) {
    int[] out = new int[items.length - trim];
    for (int i = 0; i < out.length; i++) {
      int h = items[i + trim];
      if (r.nextInt(100) < percent) {
        h ^= 1 << r.nextInt(32);
      }
      out[i] = h;
    }
    return out;
  }

  /** A common value: rank from a log-uniform draw (weight about 1/rank), spread over 32 bits. */
  private static int popular(SplittableRandom r) {
    int rank = (int) Math.exp(r.nextDouble() * Math.log(POPULAR));
    long z = rank * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    return (int) (z ^ (z >>> 31));
  }
}
