package org.acoustid.fpindex.search;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API variant of {@link CountScan}: one compare per lane group, the lane mask written
 * into the bitset as is (lane counts divide 64). Loaded only when the incubator module is present.
 */
final class VectorCountScan {
  private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;

  private VectorCountScan() {}

  static void keep(int[] counts, int length, int minCount, long[] kept) {
    int lanes = SPECIES.length();
    IntVector zero = IntVector.zero(SPECIES);
    int i = 0;
    int bound = SPECIES.loopBound(length);
    for (; i < bound; i += lanes) {
      IntVector v = IntVector.fromArray(SPECIES, counts, i);
      VectorMask<Integer> reached = v.compare(VectorOperators.GE, minCount);
      long bits = reached.toLong();
      if (bits != 0) {
        kept[i >>> 6] |= bits << (i & 63);
      }
      // zero the counts that did not reach the minimum (most of them are zero already)
      zero.blend(v, reached).intoArray(counts, i);
    }
    CountScan.keepScalar(counts, i, length, minCount, kept);
  }
}
