package org.acoustid.chromaprint;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API variant of {@link BitErrors#scalar}: XOR and lane-wise bit count over the
 * preferred species, a scalar tail. Loaded only when the incubator module is present.
 */
final class VectorBitErrors {
  private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;

  private VectorBitErrors() {}

  static long count(int[] a, int aStart, int[] b, int bStart, int length) {
    IntVector sum = IntVector.zero(SPECIES);
    int i = 0;
    int bound = SPECIES.loopBound(length);
    for (; i < bound; i += SPECIES.length()) {
      IntVector va = IntVector.fromArray(SPECIES, a, aStart + i);
      IntVector vb = IntVector.fromArray(SPECIES, b, bStart + i);
      sum = sum.add(va.lanewise(VectorOperators.XOR, vb).lanewise(VectorOperators.BIT_COUNT));
    }
    long errors = sum.reduceLanesToLong(VectorOperators.ADD);
    for (; i < length; i++) {
      errors += Integer.bitCount(a[aStart + i] ^ b[bStart + i]);
    }
    return errors;
  }
}
