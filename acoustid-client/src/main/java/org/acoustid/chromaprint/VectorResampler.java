package org.acoustid.chromaprint;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The resampler's dot product over the preferred int species: products and sums wrap exactly like
 * the scalar loop's int arithmetic, in any order, so the result is the same. Loaded only when the
 * incubator module is present ({@link #ENABLED} is checked first).
 */
final class VectorResampler {
  /**
   * True when the Vector API is present and not disabled by {@code acoustid.chromaprint.scalar}.
   */
  static final boolean ENABLED =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && Boolean.getBoolean("acoustid.chromaprint.scalar") == false;

  /** Coefficient rows are padded to a multiple of this (1 when the vector path is off). */
  static final int LANES = ENABLED ? Lanes.INTS : 1;

  private VectorResampler() {}

  /**
   * {@code sum(buffer[from + i] * coefficients[row + i])} for i in [0, length), length a multiple
   * of LANES.
   */
  static int dot(int[] buffer, int from, int[] coefficients, int row, int length) {
    return Lanes.dot(buffer, from, coefficients, row, length);
  }

  /** Holds the vector code, so that the class above loads without the incubator module. */
  private static final class Lanes {
    static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    static final int INTS = SPECIES.length();

    static int dot(int[] buffer, int from, int[] coefficients, int row, int length) {
      IntVector acc = IntVector.zero(SPECIES);
      for (int i = 0; i < length; i += INTS) {
        acc =
            acc.add(
                IntVector.fromArray(SPECIES, buffer, from + i)
                    .mul(IntVector.fromArray(SPECIES, coefficients, row + i)));
      }
      return acc.reduceLanes(VectorOperators.ADD);
    }
  }
}
