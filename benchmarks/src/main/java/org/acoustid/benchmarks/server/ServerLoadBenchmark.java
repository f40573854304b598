package org.acoustid.benchmarks.server;

import static org.acoustid.benchmarks.CommandFlags.intFlag;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SearchRequest;
import org.acoustid.fpindex.server.ServerProcess;
import org.acoustid.fpindex.store.DirectoryOps;

/**
 * Searches per second and latency percentiles of {@code fpindex-server} over HTTP, next to the same
 * searches in-process on the same index, in one run.
 *
 * <ol>
 *   <li>builds an index of {@code --docs} documents of 120 random 28-bit terms (uniform: this
 *       measures the HTTP layer, not the engine's skew handling);
 *   <li>draws {@code --queries} queries, each a document's terms with 20 % replaced by noise;
 *   <li>times every query in-process, single-threaded (after one warm-up pass);
 *   <li>starts the server on the same directory as users do, {@code bin/fpindex} in its own JVM
 *       (found in the working directory or above; {@code bin/bench-server} runs from the
 *       repository), and runs {@code wrk} (Debian package {@code wrk}) twice: one connection
 *       (latency) and {@code --connections} connections on two threads (throughput);
 *   <li>stops the server with SIGTERM and deletes the index and the files it wrote.
 * </ol>
 *
 * <p>Run: {@code bin/bench-server [--docs N] [--queries N] [--seconds S] [--connections C]
 * [--segments N]}; {@code --segments N} merges the index down to N segments before measuring.
 */
public final class ServerLoadBenchmark {
  private static final int TERMS = 120;
  private static final int TERM_MASK = 0x0FFF_FFFF;
  private static final Pattern RESULT =
      Pattern.compile(
          "RESULT requests=(\\d+) errors_status=(\\d+) p50_us=(\\d+) p90_us=(\\d+) p99_us=(\\d+)"
              + " mean_us=([0-9.]+) duration_us=(\\d+)");

  record WrkResult(
      long requests, long errors, long p50Us, long p90Us, long p99Us, long durationUs) {
    double perSecond() {
      return requests * 1e6 / durationUs;
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("fpindex-load");
    try {
      run(args, dir);
    } finally {
      DirectoryOps.deleteTree(dir);
      for (String suffix : List.of("-queries.jsonl", "-search.lua", "-server.log")) {
        Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + suffix));
      }
    }
  }

  private static void run(String[] args, Path dir) throws Exception {
    int docs = intFlag(args, "--docs", 200_000);
    int queries = intFlag(args, "--queries", 2_000);
    int seconds = intFlag(args, "--seconds", 15);
    int connections = intFlag(args, "--connections", 16);
    long seed = intFlag(args, "--seed", 42);
    int mergeTo = intFlag(args, "--segments", 0);
    System.out.printf(
        Locale.ROOT,
        "fpindex-server load benchmark: %d docs, %d queries, dir %s%n",
        docs,
        queries,
        dir);

    SplittableRandom random = new SplittableRandom(seed);
    int[][] queryTerms = new int[queries][];
    java.util.Map<Integer, List<Integer>> queriesByOwner = new java.util.HashMap<>();
    for (int q = 0; q < queries; q++) {
      queriesByOwner.computeIfAbsent(1 + random.nextInt(docs), k -> new ArrayList<>()).add(q);
    }
    try (IndexRegistry registry = IndexRegistry.open(dir, FpIndexConfig.builder().build())) {
      FpIndex index = registry.create("bench", false, OptionalLong.empty()).index();
      SplittableRandom docRandom = new SplittableRandom(seed + 1);
      List<Change> batch = new ArrayList<>(1000);
      long start = System.nanoTime();
      for (int id = 1; id <= docs; id++) {
        int[] terms = new int[TERMS];
        for (int t = 0; t < TERMS; t++) {
          terms[t] = docRandom.nextInt() & TERM_MASK;
        }
        for (int q : queriesByOwner.getOrDefault(id, List.of())) {
          queryTerms[q] = noisy(terms, random);
        }
        batch.add(new Insert(id, terms));
        if (batch.size() == 1000 || id == docs) {
          index.update(batch, OptionalLong.empty());
          batch.clear();
          if (id % 50_000 == 0 || id == docs) {
            System.out.printf(
                Locale.ROOT,
                "  built %,d / %,d docs (%.0f docs/s)%n",
                id,
                docs,
                id / ((System.nanoTime() - start) / 1e9));
          }
        }
      }
      index.checkpoint();
      if (mergeTo > 0) {
        index.forceMerge(mergeTo); // as the legacy protocol's "optimize" does with 1
      }
      System.out.printf(Locale.ROOT, "  searching %d segment(s)%n", index.info().numSegments());

      long[] inProcessNanos = new long[queries];
      for (int pass = 0; pass < 2; pass++) {
        for (int q = 0; q < queries; q++) {
          long t0 = System.nanoTime();
          int found = index.search(SearchRequest.of(queryTerms[q])).hits().size();
          inProcessNanos[q] = System.nanoTime() - t0;
          if (found == 0) {
            throw new IllegalStateException("query " + q + " did not find its document");
          }
        }
      }
      Arrays.sort(inProcessNanos);
      System.out.printf(
          Locale.ROOT,
          "in-process: p50 %.3f ms, p99 %.3f ms, %.0f searches/s single-threaded%n",
          inProcessNanos[queries / 2] / 1e6,
          inProcessNanos[queries * 99 / 100] / 1e6,
          queries / (Arrays.stream(inProcessNanos).sum() / 1e9));
    }

    Path queryFile = dir.resolveSibling(dir.getFileName() + "-queries.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(queryFile, StandardCharsets.UTF_8)) {
      for (int[] q : queryTerms) {
        StringBuilder line = new StringBuilder("{\"query\":[");
        for (int i = 0; i < q.length; i++) {
          line.append(i == 0 ? "" : ",").append(Integer.toUnsignedString(q[i]));
        }
        out.write(line.append("]}\n").toString());
      }
    }
    Path script = dir.resolveSibling(dir.getFileName() + "-search.lua");
    try (var in = ServerLoadBenchmark.class.getResourceAsStream("/server/search.lua")) {
      Files.copy(in, script);
    }

    // the server as users run it: bin/fpindex, its own JVM with the launcher's flags
    try (ServerProcess server = new ServerProcess(dir, false).start()) {
      String url = "http://127.0.0.1:" + server.httpPort();
      wrk(url, script, queryFile, 1, 1, Math.max(3, seconds / 3)); // warm-up
      WrkResult sequential = wrk(url, script, queryFile, 1, 1, seconds);
      WrkResult parallel = wrk(url, script, queryFile, 2, connections, seconds);
      System.out.printf(
          Locale.ROOT,
          "HTTP, 1 connection: p50 %.3f ms, p99 %.3f ms, %.0f searches/s%n",
          sequential.p50Us() / 1e3,
          sequential.p99Us() / 1e3,
          sequential.perSecond());
      System.out.printf(
          Locale.ROOT,
          "HTTP, %d connections: p50 %.3f ms, p99 %.3f ms, %.0f searches/s, %d non-2xx%n",
          connections,
          parallel.p50Us() / 1e3,
          parallel.p99Us() / 1e3,
          parallel.perSecond(),
          parallel.errors());
      server.terminate();
    }
  }

  private static int[] noisy(int[] terms, SplittableRandom random) {
    int[] q = terms.clone();
    for (int i = 0; i < q.length; i++) {
      if (random.nextInt(5) == 0) {
        q[i] = random.nextInt() & TERM_MASK;
      }
    }
    return q;
  }

  private static WrkResult wrk(
      String url, Path script, Path queries, int threads, int connections, int seconds)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + connections,
            "-d" + seconds + "s",
            "--timeout",
            "5s",
            "-s",
            script.toString(),
            url,
            "--",
            "bench",
            queries.toString());
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("wrk is needed for the HTTP part: apt-get install wrk", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("wrk failed:\n" + output);
    }
    Matcher m = RESULT.matcher(output);
    if (m.find() == false) {
      throw new IOException("no RESULT line in wrk output:\n" + output);
    }
    if (Long.parseLong(m.group(2)) > 0) {
      throw new IOException("the server answered non-2xx statuses:\n" + output);
    }
    return new WrkResult(
        Long.parseLong(m.group(1)),
        Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)),
        Long.parseLong(m.group(5)),
        Long.parseLong(m.group(7)));
  }

  private ServerLoadBenchmark() {}
}
