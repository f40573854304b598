package org.acoustid.chromaprint;

/**
 * Similarity of raw fingerprints exactly as AcoustID's server computes it (pg_acoustid), including
 * the quirks its results depend on. All methods are static, stateless and thread-safe; items are
 * unsigned 32-bit values held in ints.
 */
public final class FingerprintComparator {
  /** The offset window the AcoustID server uses ({@code TRACK_MAX_OFFSET}). */
  public static final int SERVER_MAX_OFFSET = 80;

  private static final int KEY_COUNT = 16384;
  private static final int LAST_KEY = KEY_COUNT - 1;

  private FingerprintComparator() {}

  private static int key(int item) {
    return item >>> 18;
  }

  /**
   * {@code acoustid_compare2(a, b, maxOffset)}: align the two fingerprints on their most voted
   * offset (14-bit keys, last occurrence per key, offsets within {@code ±maxOffset}, 0 = any), then
   * score {@code 1 - 2 × bit error rate} over the overlap, scaled by overlap / shorter length and
   * punished for low diversity. Float32, as the SQL function returns it.
   */
  public static float compare2(int[] a, int[] b, int maxOffset) {
    int asize = a.length;
    int bsize = b.length;
    if (asize == 0 || bsize == 0) {
      return 0;
    }
    char[] posA = new char[KEY_COUNT]; // 16-bit unsigned, 0 = absent (quirk: position 0 too)
    char[] posB = new char[KEY_COUNT];
    for (int i = 0; i < asize; i++) {
      posA[key(a[i])] = (char) i;
    }
    for (int i = 0; i < bsize; i++) {
      posB[key(b[i])] = (char) i;
    }
    int[] votes = new int[asize + bsize + 1];
    int top = 0;
    int topOffset = 0;
    for (int k = 0; k < LAST_KEY; k++) { // quirk: the last key never votes
      if (posA[k] != 0 && posB[k] != 0) {
        int d = posA[k] - posB[k];
        if (maxOffset == 0 || (-maxOffset <= d && d <= maxOffset)) {
          int index = d + bsize;
          int v = (votes[index] + 1) & 0xFFFF;
          votes[index] = v;
          if (v > top) {
            top = v;
            topOffset = index;
          }
        }
      }
    }
    int offset = topOffset - bsize;
    int minSize = Math.min(asize, bsize) & ~1;
    int aStart = 0;
    int bStart = 0;
    if (offset < 0) {
      bStart = Math.min(bsize, -offset);
    } else {
      aStart = Math.min(asize, offset);
    }
    int aLen = asize - aStart;
    int bLen = bsize - bStart;
    int pairs = Math.min(aLen, bLen) / 2;
    if (pairs == 0 || minSize == 0) {
      return 0;
    }
    // quirk Q1: unique keys are counted in a byte bitmap laid over posA whose clearing misses the
    // last byte, the high byte of posA[8191]; key 16383 uses that byte
    boolean[] seenLast = {((posA[8191] >>> 8) & 0xFF) != 0};
    int aUnique = countUnique(a, aStart, aLen, seenLast);
    int bUnique = countUnique(b, bStart, bLen, seenLast);
    float diversity =
        (float)
            Math.min(
                Math.min(1.0, (float) (aUnique + 10) / (float) aLen + 0.5),
                Math.min(1.0, (float) (bUnique + 10) / (float) bLen + 0.5));
    if (top < Math.max(aUnique, bUnique) * 0.02) {
      return 0;
    }
    long errors = BitErrors.count(a, aStart, b, bStart, 2 * pairs);
    float score = (float) ((pairs * 2.0 / minSize) * (1.0 - 2.0 * (float) errors / (64 * pairs)));
    if (score < 0) {
      score = 0;
    }
    if (diversity < 1.0) {
      score = (float) Math.pow(score, 8.0 - 7.0 * diversity);
    }
    return score;
  }

  private static int countUnique(int[] items, int start, int length, boolean[] seenLast) {
    boolean[] seen = new boolean[LAST_KEY];
    int n = 0;
    for (int i = start; i < start + length; i++) {
      int k = key(items[i]);
      if (k == LAST_KEY) {
        if (seenLast[0] == false) {
          n++;
          seenLast[0] = true;
        }
      } else if (seen[k] == false) {
        seen[k] = true;
        n++;
      }
    }
    return n;
  }

  /**
   * {@code acoustid_compare(a, b)}, the legacy v1 score: for offsets within ±120 items, count item
   * pairs differing in at most 2 bits; best offset's count / shorter length.
   */
  public static float compareV1(int[] a, int[] b) {
    if (a.length == 0 || b.length == 0) {
      return 0;
    }
    int[] votes = new int[a.length + b.length + 1];
    int top = 0;
    for (int i = 0; i < a.length; i++) {
      int jEnd = Math.min(b.length, i + 120);
      for (int j = Math.max(0, i - 120); j < jEnd; j++) {
        if (Integer.bitCount(a[i] ^ b[j]) <= 2) {
          top = Math.max(top, ++votes[i - j + b.length]);
        }
      }
    }
    return (float) top / Math.min(a.length, b.length);
  }

  /**
   * {@code acoustid_compare3(a, b, maxOffset)}: per offset, the sum of {@code 16 - bit errors} over
   * item pairs with fewer than 16 differing bits; best / (16 × shorter length). {@code maxOffset}
   * -1 means unlimited, 0 compares nothing.
   */
  public static float compare3(int[] a, int[] b, int maxOffset) {
    if (a.length == 0 || b.length == 0) {
      return 0;
    }
    int[] votes = new int[a.length + b.length + 1];
    int top = 0;
    for (int i = 0; i < a.length; i++) {
      int jStart = maxOffset < 0 ? 0 : Math.max(0, i - maxOffset);
      int jEnd = maxOffset < 0 ? b.length : Math.min(b.length, i + maxOffset);
      for (int j = jStart; j < jEnd; j++) {
        int e = Integer.bitCount(a[i] ^ b[j]);
        if (e < 16) {
          int index = i - j + b.length;
          votes[index] += 16 - e;
          top = Math.max(top, votes[index]);
        }
      }
    }
    return (float) ((double) (float) top / (16.0 * Math.min(a.length, b.length)));
  }
}
