package org.acoustid.fpindex.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.fpindex.segment.Segment;
import org.acoustid.fpindex.segment.SegmentData;
import org.acoustid.fpindex.segment.SegmentWriter;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The capped search counts, for each query hash, its first {@code cap} postings of current
 * documents in id order, whatever the window size of the counting: checked against a brute-force
 * count on random segments with repeated hashes, masks and unsigned ids.
 */
@Seeded
class CappedScoringTest {

  @Test
  void cappedScoresEqualABruteForceCountForEveryWindowSize(Random random) {
    // one instance per window size, reused across rounds as the pool reuses them
    OrdinalCounts[] counters = {
      new OrdinalCounts(1), new OrdinalCounts(4), new OrdinalCounts(), new OrdinalCounts(9)
    };
    for (int round = 0; round < 150; round++) {
      int docs = 1 + random.nextInt(round < 30 ? 40 : 3000);
      int vocabulary = 1 + random.nextInt(60);
      int[] ids = randomIds(random, docs);
      int[][] hashes = new int[docs][];
      List<Long> postings = new ArrayList<>();
      for (int o = 0; o < docs; o++) {
        hashes[o] = new int[random.nextInt(12)];
        for (int k = 0; k < hashes[o].length; k++) {
          // skewed, with repeats inside a document, some hashes above 2^31
          int h = (int) Math.pow(random.nextInt(vocabulary * vocabulary + 1), 0.5);
          hashes[o][k] = random.nextInt(4) == 0 ? h | 0x8000_0000 : h;
          postings.add(SegmentData.posting(hashes[o][k], o));
        }
      }
      // (hash, ordinal) order: unsigned, since hashes from 2^31 make the packed long negative
      long[] sorted =
          postings.stream().sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray();
      long[] versions = new long[docs];
      Arrays.fill(versions, 1);
      Segment segment =
          Segment.wrapFresh(
              SegmentWriter.encode(
                  new SegmentData(ids, versions, new boolean[docs], sorted, 1, 1, Map.of()),
                  Arena.ofAuto()),
              1);
      RoaringBitmap mask = new RoaringBitmap();
      if (random.nextBoolean()) {
        for (int id : ids) {
          if (random.nextInt(5) == 0) {
            mask.add(id);
          }
        }
      }
      int[] query = randomQuery(random, vocabulary);
      int cap = 1 + random.nextInt(random.nextBoolean() ? 5 : 200);
      int floor = 1 + random.nextInt(3);
      int limit = 1 + random.nextInt(docs + 1);

      List<SearchHit> expected = bruteForce(ids, hashes, mask, query, cap, floor, limit);
      for (int c = 0; c < counters.length; c++) {
        TopHits top = new TopHits(limit, floor);
        SegmentScorer.score(segment, mask, query, cap, 0, top, counters[c], () -> {});
        assertThat(top.finish(0))
            .as(
                "round %d, counter %d, %d docs, cap %d, mask %s, query %s, docs %s",
                round, c, docs, cap, mask, Arrays.toString(query), Arrays.deepToString(hashes))
            .isEqualTo(expected);
      }
    }
  }

  private static List<SearchHit> bruteForce(
      int[] ids, int[][] hashes, RoaringBitmap mask, int[] query, int cap, int floor, int limit) {
    Map<Integer, Integer> scores = new HashMap<>();
    for (int h : query) {
      int matched = 0;
      for (int o = 0; o < ids.length && matched < cap; o++) {
        if (mask.contains(ids[o])) {
          continue;
        }
        for (int x : hashes[o]) {
          if (x == h && matched < cap) {
            scores.merge(ids[o], 1, Integer::sum);
            matched++;
          }
        }
      }
    }
    TopHits top = new TopHits(limit, floor);
    scores.forEach(top::offer);
    return top.finish(0);
  }

  private static int[] randomIds(Random random, int docs) {
    TreeSet<Long> unsigned = new TreeSet<>();
    while (unsigned.size() < docs) {
      unsigned.add(
          random.nextBoolean() ? 1 + random.nextInt(4 * docs) : 1 + random.nextLong(0xFFFF_FFFFL));
    }
    return unsigned.stream().mapToInt(Long::intValue).toArray();
  }

  /** Distinct hashes of the vocabulary, in unsigned order, as searches receive them. */
  private static int[] randomQuery(Random random, int vocabulary) {
    TreeSet<Long> unsigned = new TreeSet<>();
    int n = 1 + random.nextInt(vocabulary + 1);
    for (int i = 0; i < n; i++) {
      int h = random.nextInt(vocabulary + 1);
      unsigned.add(Integer.toUnsignedLong(random.nextInt(4) == 0 ? h | 0x8000_0000 : h));
    }
    return unsigned.stream().mapToInt(Long::intValue).toArray();
  }
}
