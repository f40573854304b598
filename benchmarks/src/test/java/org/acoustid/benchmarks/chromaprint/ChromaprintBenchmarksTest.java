package org.acoustid.benchmarks.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;

import org.acoustid.chromaprint.FingerprintCodec;
import org.acoustid.chromaprint.FingerprintComparator;
import org.junit.jupiter.api.Test;

/** The answers the Chromaprint benchmarks time are right. */
class ChromaprintBenchmarksTest {
  @Test
  void bothEnginesProduceTheSameFingerprintInTheBenchmark() {
    for (String format : new String[] {"11025x1", "44100x2"}) {
      FingerprintBenchmark java = new FingerprintBenchmark();
      java.impl = "java";
      java.format = format;
      java.setUp();
      FingerprintBenchmark lib = new FingerprintBenchmark();
      lib.impl = "native";
      lib.format = format;
      lib.setUp();
      try {
        int[] expected = lib.fingerprint30s();
        assertThat(expected).as(format).hasSizeGreaterThan(200);
        assertThat(java.fingerprint30s()).as(format).isEqualTo(expected);
        assertThat(java.fingerprint30s()).as("repeatable " + format).isEqualTo(expected);
      } finally {
        lib.tearDown();
      }
    }
  }

  @Test
  void compareAndCodecBenchmarksComputeTheRealThing() {
    CompareBenchmark b = new CompareBenchmark();
    b.setUp();
    float score = b.compare2Vector();
    assertThat(score).isEqualTo(b.compare2Scalar()).isBetween(0.5f, 1.0f);
    assertThat(FingerprintComparator.compare2(b.a, b.a, 80)).isEqualTo(1.0f);
    assertThat(FingerprintCodec.decodeBase64(b.encode(), true).raw()).isEqualTo(b.a);
    assertThat(b.decode()).isEqualTo(b.a);
  }
}
