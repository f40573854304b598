package org.acoustid.benchmarks.fpindex;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The benchmark documents (ids 1..n from {@link FingerprintGenerator}) and queries for random ones.
 * The documents depend on the seed alone, so an index built by {@code bin/bench build} (seed 42)
 * holds the same documents as an engine loaded here with that seed.
 */
final class Corpus {
  private Corpus() {}

  /** Receives the generated documents in ascending id order. */
  interface DocumentSink {
    void add(int id, int[] terms) throws IOException;
  }

  /** Fills {@code engine} with the documents and returns queries for random ones. */
  static int[][] load(SearchEngine engine, int docs, int queryCount, long seed) throws IOException {
    int[][] queries = generate(engine::add, docs, queryCount, seed);
    engine.finish();
    return queries;
  }

  /** The queries {@link #load} returns, without indexing the documents (for a prebuilt index). */
  static int[][] queries(int docs, int queryCount, long seed) throws IOException {
    return generate((id, terms) -> {}, docs, queryCount, seed);
  }

  private static int[][] generate(DocumentSink sink, int docs, int queryCount, long seed)
      throws IOException {
    FingerprintGenerator generator = new FingerprintGenerator(seed);
    SplittableRandom pick = new SplittableRandom(seed + 1);
    int[] owners = new int[queryCount];
    for (int q = 0; q < queryCount; q++) {
      owners[q] = 1 + pick.nextInt(docs);
    }
    Arrays.sort(owners);
    int[][] queries = new int[queryCount][];
    int q = 0;
    for (int id = 1; id <= docs; id++) {
      int[] terms = generator.nextDocument();
      sink.add(id, terms);
      while (q < queryCount && owners[q] == id) {
        queries[q++] = generator.queryFor(terms);
      }
    }
    // shuffle so consecutive queries do not hit neighbouring documents
    for (int i = queryCount - 1; i > 0; i--) {
      int j = pick.nextInt(i + 1);
      int[] t = queries[i];
      queries[i] = queries[j];
      queries[j] = t;
    }
    return queries;
  }
}
