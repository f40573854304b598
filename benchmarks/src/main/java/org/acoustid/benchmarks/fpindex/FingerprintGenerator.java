package org.acoustid.benchmarks.fpindex;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded, AcoustID-like index documents and queries.
 *
 * <p>What AcoustID indexes per fingerprint are query terms: up to 120 distinct 28-bit values
 * ({@code hash & 0x0FFFFFFF}) taken from the fingerprint's items. Their distribution is skewed:
 * some items (silence, steady tones, common chords) recur across many recordings, and many
 * fingerprints are near-duplicates of one recording (different encodings, trims). The generator
 * models both:
 *
 * <ul>
 *   <li>each term is, with probability {@value #SKEWED_PERCENT} %, drawn from a Zipf-like law over
 *       {@value #SKEWED_RANKS} "popular" values (rank r with weight 1/r, via inverse transform of a
 *       log-uniform draw), otherwise uniform over 28 bits;
 *   <li>{@value #DUPLICATE_PERCENT} % of documents are variants of an earlier document, keeping
 *       each of its terms with probability 0.8 and replacing the rest;
 *   <li>terms are de-duplicated, documents have 60 to 120 terms.
 * </ul>
 *
 * Queries are variants of indexed documents (the same variant rule), so every query has a true
 * match and many partial ones. Deterministic for a seed; not thread-safe.
 */
public final class FingerprintGenerator {
  static final int TERM_MASK = 0x0FFF_FFFF;
  static final int SKEWED_PERCENT = 30;
  static final int SKEWED_RANKS = 1 << 20;
  static final int DUPLICATE_PERCENT = 20;
  static final int MAX_TERMS = 120;

  private final SplittableRandom random;

  /** Queries draw from their own stream, so documents depend on the seed alone. */
  private final SplittableRandom queryRandom;

  private final int[][] recent = new int[1024][];
  private int produced;

  public FingerprintGenerator(long seed) {
    this.random = new SplittableRandom(seed);
    this.queryRandom = new SplittableRandom(seed).split();
  }

  /** The next document's terms. */
  public int[] nextDocument() {
    int[] doc;
    int[] base = recent[random.nextInt(recent.length)];
    if (base != null && random.nextInt(100) < DUPLICATE_PERCENT) {
      doc = variant(base, random);
    } else {
      int n = 60 + random.nextInt(MAX_TERMS - 60 + 1);
      doc = new int[n];
      for (int i = 0; i < n; i++) {
        doc[i] = term(random);
      }
      doc = distinct(doc);
    }
    recent[produced++ % recent.length] = doc;
    return doc;
  }

  /** A query: a variant of {@code document} (80 % of its terms kept, the rest replaced). */
  public int[] queryFor(int[] document) {
    return variant(document, queryRandom);
  }

  private static int[] variant(int[] base, SplittableRandom random) {
    int[] out = new int[base.length];
    for (int i = 0; i < base.length; i++) {
      out[i] = random.nextInt(10) < 8 ? base[i] : term(random);
    }
    return distinct(out);
  }

  private static int term(SplittableRandom random) {
    if (random.nextInt(100) < SKEWED_PERCENT) {
      // rank with P(r) ~ 1/r: r = exp(u * ln(N)), u uniform
      int rank = (int) Math.exp(random.nextDouble() * Math.log(SKEWED_RANKS));
      return scramble(rank) & TERM_MASK;
    }
    return random.nextInt() & TERM_MASK;
  }

  private static int scramble(int rank) {
    int h = rank * 0x9E3779B9;
    return h ^ (h >>> 15);
  }

  static int[] distinct(int[] terms) {
    int[] sorted = terms.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, Math.min(n, MAX_TERMS));
  }
}
