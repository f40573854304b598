package org.acoustid.benchmarks.fpindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.acoustid.fpindex.SearchHit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every engine of the benchmark returns the same hits for the same queries, and finds the owner.
 */
class EnginesAgreeTest {
  @Test
  void fpindexLuceneAndHashMapReturnIdenticalHits() throws Exception {
    int docs = 3_000;
    int queryCount = 256;
    try (SearchEngine fpindex = SearchEngine.create("fpindex");
        SearchEngine lucene = SearchEngine.create("lucene");
        SearchEngine hashmap = SearchEngine.create("hashmap")) {
      int[][] queries = Corpus.load(fpindex, docs, queryCount, 7);
      assertThat(Corpus.load(lucene, docs, queryCount, 7)).isDeepEqualTo(queries);
      assertThat(Corpus.load(hashmap, docs, queryCount, 7)).isDeepEqualTo(queries);
      int nonEmpty = 0;
      for (int[] query : queries) {
        List<SearchHit> expected = hashmap.search(query, 10);
        assertThat(fpindex.search(query, 10)).as("fpindex").isEqualTo(expected);
        assertThat(lucene.search(query, 10)).as("lucene").isEqualTo(expected);
        nonEmpty += expected.isEmpty() ? 0 : 1;
      }
      assertThat(nonEmpty).as("queries are variants of indexed documents").isEqualTo(queryCount);
      assertThat(fpindex.indexBytes()).isPositive();
      assertThat(lucene.indexBytes()).isPositive();
    }
  }

  @Test
  void cappedEngineKeepsTheBestMatchOfAlmostEveryQuery() throws Exception {
    int docs = 3_000;
    int queryCount = 256;
    try (SearchEngine exact = SearchEngine.create("fpindex");
        SearchEngine capped = SearchEngine.create("fpindex-capped")) {
      int[][] queries = Corpus.load(exact, docs, queryCount, 11);
      Corpus.load(capped, docs, queryCount, 11);
      int same = 0;
      for (int[] query : queries) {
        List<SearchHit> e = exact.search(query, 10);
        List<SearchHit> c = capped.search(query, 10);
        if (c.isEmpty() == false && c.get(0).id() == e.get(0).id()) {
          same++;
        }
      }
      // frequent hashes lose documents beyond the cap, the rare ones that identify a match do not
      assertThat(same).isGreaterThanOrEqualTo(queryCount * 98 / 100);
    }
  }

  @Test
  void prebuiltIndexHoldsTheCorpusDocuments(@TempDir Path dir) throws Exception {
    int docs = 2_000;
    int queryCount = 128;
    BuildIndexCommand.main(
        new String[] {"--docs", Integer.toString(docs), "--dir", dir.toString(), "--batch", "300"});
    try (SearchEngine loaded = SearchEngine.create("fpindex");
        SearchEngine loadedCapped = SearchEngine.create("fpindex-capped");
        SearchEngine prebuilt = SearchEngine.open("fpindex", dir);
        SearchEngine prebuiltCapped = SearchEngine.open("fpindex-capped", dir)) {
      int[][] queries = Corpus.load(loaded, docs, queryCount, 42);
      Corpus.load(loadedCapped, docs, queryCount, 42);
      assertThat(Corpus.queries(docs, queryCount, 42)).isDeepEqualTo(queries);
      for (int[] query : queries) {
        List<SearchHit> expected = loaded.search(query, 10);
        assertThat(expected).isNotEmpty();
        assertThat(prebuilt.search(query, 10)).isEqualTo(expected);
        assertThat(prebuiltCapped.search(query, 10)).isEqualTo(loadedCapped.search(query, 10));
      }
    }
    assertThatThrownBy(() -> SearchEngine.open("lucene", dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lucene");
    assertThatThrownBy(() -> SearchEngine.open("fpindex", dir.resolve("missing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bin/bench build");
  }

  @Test
  void generatorIsDeterministicAndShapedAsDocumented() {
    FingerprintGenerator a = new FingerprintGenerator(1);
    FingerprintGenerator b = new FingerprintGenerator(1);
    for (int i = 0; i < 1000; i++) {
      int[] doc = a.nextDocument();
      assertThat(doc).isEqualTo(b.nextDocument());
      assertThat(doc.length).isBetween(1, 120);
      for (int t : doc) {
        assertThat(t & ~FingerprintGenerator.TERM_MASK).isZero();
      }
      assertThat(doc).doesNotHaveDuplicates();
    }
  }
}
