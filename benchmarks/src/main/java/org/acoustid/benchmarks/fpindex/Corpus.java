package org.acoustid.benchmarks.fpindex;

import java.io.IOException;
import java.util.SplittableRandom;

/** Fills an engine with generated documents (ids 1..n) and returns queries for random ones. */
final class Corpus {
  private Corpus() {}

  static int[][] load(SearchEngine engine, int docs, int queryCount, long seed) throws IOException {
    FingerprintGenerator generator = new FingerprintGenerator(seed);
    SplittableRandom pick = new SplittableRandom(seed + 1);
    int[] owners = new int[queryCount];
    for (int q = 0; q < queryCount; q++) {
      owners[q] = 1 + pick.nextInt(docs);
    }
    java.util.Arrays.sort(owners);
    int[][] queries = new int[queryCount][];
    int q = 0;
    for (int id = 1; id <= docs; id++) {
      int[] terms = generator.nextDocument();
      engine.add(id, terms);
      while (q < queryCount && owners[q] == id) {
        queries[q++] = generator.queryFor(terms);
      }
    }
    engine.finish();
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
