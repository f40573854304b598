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
    Workspace w = Workspace.acquire();
    try {
      return compare2(a, b, maxOffset, w);
    } finally {
      w.release(a, b);
    }
  }

  private static float compare2(int[] a, int[] b, int maxOffset, Workspace w) {
    int asize = a.length;
    int bsize = b.length;
    char[] posA = w.posA; // 16-bit unsigned, 0 = absent (quirk: position 0 too)
    char[] posB = w.posB;
    for (int i = 0; i < asize; i++) {
      posA[key(a[i])] = (char) i;
    }
    for (int i = 0; i < bsize; i++) {
      posB[key(b[i])] = (char) i;
    }
    // The votes go key by key in ascending order (the first key to reach the top count wins), but
    // only keys present in a can vote: visit those, sorted, instead of all 16383.
    int[] keys = w.keys(asize);
    int distinct = 0;
    for (int i = 0; i < asize; i++) {
      int k = key(a[i]);
      if (k != LAST_KEY && posA[k] != 0 && w.markListed(k)) { // quirk: the last key never votes
        keys[distinct++] = k;
      }
    }
    java.util.Arrays.sort(keys, 0, distinct);
    int[] votes = w.votes(asize + bsize + 1);
    int top = 0;
    int topOffset = 0;
    for (int j = 0; j < distinct; j++) {
      int k = keys[j];
      if (posB[k] != 0) {
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
    int aUnique = countUnique(a, aStart, aLen, seenLast, w);
    int bUnique = countUnique(b, bStart, bLen, seenLast, w);
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

  private static int countUnique(
      int[] items, int start, int length, boolean[] seenLast, Workspace w) {
    int stamp = w.nextStamp();
    int[] seen = w.seen;
    int n = 0;
    for (int i = start; i < start + length; i++) {
      int k = key(items[i]);
      if (k == LAST_KEY) {
        if (seenLast[0] == false) {
          n++;
          seenLast[0] = true;
        }
      } else if (seen[k] != stamp) {
        seen[k] = stamp;
        n++;
      }
    }
    return n;
  }

  /**
   * Reusable tables of one comparison. A small shared pool, not a ThreadLocal: comparisons run on
   * virtual threads (one per request), and allocating and zeroing about 100 KB per call cost more
   * than the comparison itself. Only the entries a call touched are cleared afterwards.
   */
  private static final class Workspace {
    private static final java.util.concurrent.ConcurrentLinkedDeque<Workspace> POOL =
        new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final int MAX_POOLED = 4 * Runtime.getRuntime().availableProcessors();
    private static final java.util.concurrent.atomic.AtomicInteger pooled =
        new java.util.concurrent.atomic.AtomicInteger();

    final char[] posA = new char[KEY_COUNT];
    final char[] posB = new char[KEY_COUNT];
    final int[] seen = new int[KEY_COUNT]; // stamp of the last countUnique that saw the key
    final int[] listed = new int[KEY_COUNT]; // stamp of the vote-list building that listed it
    private int stamp;
    private int[] keys = new int[512];
    private int[] votes = new int[1024];

    static Workspace acquire() {
      Workspace w = POOL.pollFirst();
      if (w == null) {
        return new Workspace();
      }
      pooled.decrementAndGet();
      return w;
    }

    int nextStamp() {
      if (++stamp == 0) { // wrapped: forget every old stamp
        java.util.Arrays.fill(seen, 0);
        java.util.Arrays.fill(listed, 0);
        stamp = 1;
      }
      return stamp;
    }

    /** True the first time {@code key} is listed in this comparison. */
    boolean markListed(int key) {
      if (listed[key] == stamp) {
        return false;
      }
      listed[key] = stamp;
      return true;
    }

    int[] keys(int size) {
      nextStamp(); // a fresh stamp for markListed
      if (keys.length < size) {
        keys = new int[size];
      }
      return keys;
    }

    /** Zeroed vote counters for {@code size} offsets. */
    int[] votes(int size) {
      if (votes.length < size) {
        votes = new int[size];
      } else {
        java.util.Arrays.fill(votes, 0, size, 0);
      }
      return votes;
    }

    void release(int[] a, int[] b) {
      for (int item : a) {
        posA[key(item)] = 0;
      }
      for (int item : b) {
        posB[key(item)] = 0;
      }
      if (pooled.incrementAndGet() <= MAX_POOLED) {
        POOL.offerFirst(this);
      } else {
        pooled.decrementAndGet();
      }
    }
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
