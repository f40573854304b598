package org.acoustid.benchmarks.fpindex;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Search latency and throughput of fpindex-core next to the Lucene and HashMap baselines on the
 * same documents and queries ({@link FingerprintGenerator}, seed 42), in one run. {@code
 * fpindex-capped} reads at most 1000 documents per query hash, as the upstream server does.
 *
 * <p>Run: {@code bin/bench -p docs=1000000 SearchBenchmark} (JVM flags as in production; forks
 * inherit them); on a prebuilt index: {@code bin/bench build --docs 10000000 --dir DIR}, then
 * {@code bin/bench -p docs=10000000 -p index=DIR -p impl=fpindex-capped SearchBenchmark.latency}.
 * {@code latency} reports percentiles (SampleTime), {@code throughput1} and {@code throughput2}
 * searches per second with one and two threads.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class SearchBenchmark {
  @Param({"fpindex", "fpindex-capped", "lucene", "hashmap"})
  public String impl;

  @Param({"100000"})
  public int docs;

  /**
   * An index directory from {@code bin/bench build --docs N --dir DIR} (same documents as {@code
   * docs=N}): fpindex engines open it instead of building in memory, which at 10M saves minutes.
   */
  @Param({""})
  public String index;

  static final int QUERIES = 4096;

  SearchEngine engine;
  int[][] queries;

  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void build() throws Exception {
    if (index.isEmpty()) {
      engine = SearchEngine.create(impl);
      queries = Corpus.load(engine, docs, QUERIES, 42);
    } else {
      engine = SearchEngine.open(impl, Path.of(index));
      queries = Corpus.queries(docs, QUERIES, 42);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    engine.close();
  }

  private Object searchOne(Cursor cursor) throws Exception {
    int[] query = queries[cursor.next++ & (QUERIES - 1)];
    return engine.search(query, 10);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void latency(Cursor cursor, Blackhole bh) throws Exception {
    bh.consume(searchOne(cursor));
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public void throughput1(Cursor cursor, Blackhole bh) throws Exception {
    bh.consume(searchOne(cursor));
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(2)
  public void throughput2(Cursor cursor, Blackhole bh) throws Exception {
    bh.consume(searchOne(cursor));
  }
}
