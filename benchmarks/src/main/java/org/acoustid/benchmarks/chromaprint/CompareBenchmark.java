package org.acoustid.benchmarks.chromaprint;

import java.util.concurrent.TimeUnit;
import org.acoustid.chromaprint.Algorithm;
import org.acoustid.chromaprint.FingerprintCodec;
import org.acoustid.chromaprint.FingerprintComparator;
import org.acoustid.chromaprint.JavaFingerprinter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * compare2 on two 120 s fingerprints (a fingerprint and a slightly different one), with the Vector
 * API bit-error loop and with the scalar loop ({@code -Dacoustid.compare.scalar=true}, its own
 * fork), plus codec encode/decode of the same fingerprint. Run: {@code bin/bench CompareBenchmark}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompareBenchmark {
  int[] a;
  int[] b;
  String encoded;

  @Setup
  public void setUp() {
    a = fingerprint(1);
    b = fingerprint(1).clone();
    for (int i = 0; i < b.length; i += 7) {
      b[i] ^= 1 << (i % 32); // a few bit errors, as between two encodings
    }
    encoded = FingerprintCodec.encodeBase64(a, 1);
  }

  static int[] fingerprint(long seed) {
    short[] pcm = SyntheticAudio.pcm(seed, 11025, 1, 120);
    JavaFingerprinter fp = new JavaFingerprinter(Algorithm.DEFAULT);
    fp.start(11025, 1);
    fp.feed(pcm, 0, pcm.length);
    fp.finish();
    return fp.rawFingerprint();
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = "-Dacoustid.compare.scalar=false")
  public float compare2Vector() {
    return FingerprintComparator.compare2(a, b, 80);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = "-Dacoustid.compare.scalar=true")
  public float compare2Scalar() {
    return FingerprintComparator.compare2(a, b, 80);
  }

  @Benchmark
  @Fork(1)
  public String encode() {
    return FingerprintCodec.encodeBase64(a, 1);
  }

  @Benchmark
  @Fork(1)
  public int[] decode() {
    return FingerprintCodec.decodeBase64(encoded, true).raw();
  }
}
