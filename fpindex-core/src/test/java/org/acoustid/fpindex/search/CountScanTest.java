package org.acoustid.fpindex.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.acoustid.fpindex.segment.VectorSupport;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** The Vector API pass over counts gives exactly what the scalar loop gives. */
@Seeded
class CountScanTest {
  @Test
  void vectorAndScalarKeepTheSameCounts(Random random) {
    assertThat(VectorSupport.ENABLED).as("tests run with the incubator module").isTrue();
    for (int round = 0; round < 200; round++) {
      int length = random.nextInt(round < 20 ? 40 : 5000);
      int minCount = 1 + random.nextInt(6);
      int[] counts = new int[length + random.nextInt(3)];
      for (int i = 0; i < length; i++) {
        counts[i] = random.nextInt(3) == 0 ? random.nextInt(10) : 0;
      }
      int[] scalarCounts = counts.clone();
      long[] scalarKept = new long[(counts.length + 63) / 64 + 1];
      CountScan.keepScalar(scalarCounts, 0, length, minCount, scalarKept);
      long[] vectorKept = new long[scalarKept.length];
      VectorCountScan.keep(counts, length, minCount, vectorKept);

      assertThat(counts).isEqualTo(scalarCounts);
      assertThat(vectorKept).isEqualTo(scalarKept);
      for (int o = 0; o < length; o++) {
        boolean marked = (scalarKept[o >>> 6] & (1L << o)) != 0;
        assertThat(marked).isEqualTo(scalarCounts[o] >= minCount);
        assertThat(scalarCounts[o] == 0 || scalarCounts[o] >= minCount).isTrue();
      }
    }
  }
}
