package org.acoustid.fpindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/**
 * Searches over skewed data, where common hashes span many posting blocks and exact scoring skips
 * most of them, return exactly what brute-force counting returns: for every limit, relative cut and
 * floor, with superseded and deleted documents in older segments and hashes repeated inside
 * documents.
 */
@Seeded
class SkewedSearchTest {
  static final int POPULAR = 48;

  static int term(Random random) {
    if (random.nextInt(10) < 4) {
      // rank r with weight ~1/r over the popular values: the first occur in most documents
      return (int) Math.exp(random.nextDouble() * Math.log(POPULAR)) * 0x9E3779B1;
    }
    return random.nextInt(1 << 18) + 1000;
  }

  static int[] document(Random random) {
    int n = 20 + random.nextInt(60);
    int[] hashes = new int[n];
    for (int i = 0; i < n; i++) {
      hashes[i] = term(random);
    }
    if (random.nextInt(20) == 0) {
      hashes[n - 1] = hashes[0]; // a repeated hash counts twice
      hashes[n - 2] = hashes[0];
    }
    return hashes;
  }

  static int[] variant(int[] base, Random random) {
    int[] out = base.clone();
    for (int i = 0; i < out.length; i++) {
      if (random.nextInt(10) >= 8) {
        out[i] = term(random);
      }
    }
    return out;
  }

  static void assertSameAnswers(
      FpIndex index, ModelIndex model, List<int[]> corpus, Random random, String context) {
    int[] limits = {1, 2, 3, 5, 10, 40, 100};
    int[] pcts = {0, 10, 50, 90};
    for (int s = 0; s < 150; s++) {
      int[] query =
          random.nextInt(8) == 0
              ? document(random)
              : variant(corpus.get(random.nextInt(corpus.size())), random);
      SearchRequest request =
          SearchRequest.of(query)
              .withLimit(limits[random.nextInt(limits.length)])
              .withScorePct(pcts[random.nextInt(pcts.length)]);
      if (random.nextInt(3) == 0) {
        request = request.withMinScore(random.nextInt(12));
      }
      assertThat(index.search(request).hits())
          .as("%s, search %d: %s", context, s, request)
          .isEqualTo(model.search(request));
    }
  }

  @Test
  void prunedExactSearchEqualsBruteForce(Random random) throws IOException {
    FpIndexConfig config = FpIndexConfig.builder().backgroundMaintenance(false).build();
    try (FpIndex index = FpIndex.inMemory(config)) {
      ModelIndex model = new ModelIndex();
      List<int[]> corpus = new ArrayList<>();
      for (int batch = 0; batch < 8; batch++) {
        List<Change> changes = new ArrayList<>();
        for (int d = 0; d < 500; d++) {
          int[] doc = document(random);
          corpus.add(doc);
          changes.add(new Insert(1 + random.nextInt(6000), doc));
        }
        index.update(changes, OptionalLong.empty());
        model.apply(changes);
        index.checkpoint(); // one file segment per batch
      }
      assertThat(index.info().numSegments()).isEqualTo(8);
      index.forceMerge(3);
      assertThat(index.info().numSegments()).isEqualTo(3);
      assertSameAnswers(index, model, corpus, random, "three segments");
      index.forceMerge(1);
      assertThat(index.info().numSegments()).isEqualTo(1);
      assertSameAnswers(index, model, corpus, random, "one merged segment");

      // newer segments supersede and delete documents of the merged one
      for (int batch = 0; batch < 3; batch++) {
        List<Change> changes = new ArrayList<>();
        for (int d = 0; d < 100; d++) {
          int id = 1 + random.nextInt(6000);
          if (random.nextInt(3) == 0) {
            changes.add(new Delete(id));
          } else {
            int[] doc = variant(corpus.get(random.nextInt(corpus.size())), random);
            corpus.add(doc);
            changes.add(new Insert(id, doc));
          }
        }
        index.update(changes, OptionalLong.empty());
        model.apply(changes);
        if (batch == 1) {
          index.checkpoint();
        }
      }
      assertThat(index.info().numSegments()).isGreaterThan(1);
      assertSameAnswers(index, model, corpus, random, "merged segment under newer ones");
    }
  }

  /**
   * Uniform hashes in a segment large enough for pruning: each query's lists span a block or two,
   * so the query is counted in full rather than pruned; the answers must not change.
   */
  @Test
  void shortListsInALargeSegmentEqualBruteForce(Random random) throws IOException {
    FpIndexConfig config = FpIndexConfig.builder().backgroundMaintenance(false).build();
    try (FpIndex index = FpIndex.inMemory(config)) {
      ModelIndex model = new ModelIndex();
      List<int[]> corpus = new ArrayList<>();
      List<Change> changes = new ArrayList<>();
      for (int id = 1; id <= 2000; id++) {
        int[] doc = new int[80]; // 160 000 postings: 1 250 blocks, above the pruning floor
        for (int i = 0; i < doc.length; i++) {
          doc[i] = random.nextInt();
        }
        corpus.add(doc);
        changes.add(new Insert(id, doc));
      }
      index.update(changes, OptionalLong.empty());
      model.apply(changes);
      index.forceMerge(1);
      assertThat(index.info().numSegments()).isEqualTo(1);
      int[] limits = {1, 2, 5, 10, 100};
      for (int s = 0; s < 200; s++) {
        int[] query = corpus.get(random.nextInt(corpus.size())).clone();
        for (int i = 0; i < query.length; i++) {
          if (random.nextInt(5) == 0) {
            query[i] = random.nextInt();
          }
        }
        SearchRequest request =
            SearchRequest.of(query)
                .withLimit(limits[random.nextInt(limits.length)])
                .withScorePct(random.nextInt(3) * 40);
        assertThat(index.search(request).hits())
            .as("search %d: %s", s, request)
            .isEqualTo(model.search(request));
      }
    }
  }
}
