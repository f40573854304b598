package org.acoustid.chromaprint;

/**
 * Counts differing bits between two item ranges ({@code Σ popcount(a[i] ^ b[i])}), the inner loop
 * of {@link FingerprintComparator#compare2}. Uses the Vector API when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and {@code -Dacoustid.compare.scalar=true} is not set;
 * otherwise the scalar loop. Both give the same result.
 */
final class BitErrors {
  static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && Boolean.getBoolean("acoustid.compare.scalar") == false;

  private BitErrors() {}

  static long count(int[] a, int aStart, int[] b, int bStart, int length) {
    return VECTOR
        ? VectorBitErrors.count(a, aStart, b, bStart, length)
        : scalar(a, aStart, b, bStart, length);
  }

  static long scalar(int[] a, int aStart, int[] b, int bStart, int length) {
    long errors = 0;
    for (int i = 0; i < length; i++) {
      errors += Integer.bitCount(a[aStart + i] ^ b[bStart + i]);
    }
    return errors;
  }
}
