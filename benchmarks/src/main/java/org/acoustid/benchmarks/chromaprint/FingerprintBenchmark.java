package org.acoustid.benchmarks.chromaprint;

import java.util.concurrent.TimeUnit;
import org.acoustid.chromaprint.Algorithm;
import org.acoustid.chromaprint.Fingerprinter;
import org.acoustid.chromaprint.JavaFingerprinter;
import org.acoustid.chromaprint.jna.NativeChromaprint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fingerprinting 30 s of audio: pure Java vs libchromaprint through JNA, on the same PCM, at the
 * canonical format (11025 Hz mono, no resampling) and CD format (44100 Hz stereo). Run: {@code
 * bin/bench FingerprintBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FingerprintBenchmark {
  @Param({"java", "native"})
  public String impl;

  @Param({"11025x1", "44100x2"})
  public String format;

  short[] pcm;
  int rate;
  int channels;
  Fingerprinter fingerprinter;

  @Setup
  public void setUp() {
    rate = Integer.parseInt(format.substring(0, format.indexOf('x')));
    channels = Integer.parseInt(format.substring(format.indexOf('x') + 1));
    pcm = SyntheticAudio.pcm(42, rate, channels, 30);
    fingerprinter =
        impl.equals("java")
            ? new JavaFingerprinter(Algorithm.DEFAULT)
            : new NativeChromaprint(Algorithm.DEFAULT);
  }

  @TearDown
  public void tearDown() {
    if (fingerprinter instanceof NativeChromaprint n) {
      n.close();
    }
  }

  @Benchmark
  public int[] fingerprint30s() {
    fingerprinter.start(rate, channels);
    fingerprinter.feed(pcm, 0, pcm.length);
    fingerprinter.finish();
    return fingerprinter.rawFingerprint();
  }
}
