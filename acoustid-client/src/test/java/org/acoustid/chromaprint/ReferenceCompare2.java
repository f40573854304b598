package org.acoustid.chromaprint;

/**
 * The first, straightforward {@code compare2} port (all 16384 keys scanned, fresh tables per call),
 * kept as the reference the optimised {@link FingerprintComparator#compare2} must equal.
 */
final class ReferenceCompare2 {
  private static final int KEY_COUNT = 16384;
  private static final int LAST_KEY = KEY_COUNT - 1;

  private ReferenceCompare2() {}

  private static int key(int item) {
    return item >>> 18;
  }

  static float compare2(int[] a, int[] b, int maxOffset) {
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
}
