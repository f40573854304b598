package org.acoustid.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Random;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** Scores, query extraction and simhash against compare_scores.json and manifest.json. */
@Seeded
class FingerprintComparatorTest {
  @Test
  void everyPairScoresExactlyAsTheServer() throws Exception {
    JsonNode scores = GoldenData.json("compare_scores.json");
    int checked = 0;
    for (String group : new String[] {"pairs", "negatives"}) {
      for (JsonNode pair : scores.get(group)) {
        int[] a = GoldenData.raw(pair.get("a").asText());
        int[] b = GoldenData.raw(pair.get("b").asText());
        String what = pair.get("a").asText() + " vs " + pair.get("b").asText();
        assertThat(FingerprintComparator.compare2(a, b, 80))
            .as("compare2(80) " + what)
            .isEqualTo((float) pair.get("compare2_maxoffset80").asDouble());
        assertThat(FingerprintComparator.compare2(a, b, 0))
            .as("compare2(0) " + what)
            .isEqualTo((float) pair.get("compare2_unbounded").asDouble());
        assertThat(FingerprintComparator.compareV1(a, b))
            .as("compare v1 " + what)
            .isEqualTo((float) pair.get("compare_v1").asDouble());
        assertThat(FingerprintComparator.compare3(a, b, -1))
            .as("compare3(-1) " + what)
            .isEqualTo((float) pair.get("compare3_unbounded").asDouble());
        assertThat(Integer.bitCount(SimHash.of(a) ^ SimHash.of(b)))
            .as("simhash distance " + what)
            .isEqualTo(pair.get("simhash_hamming").asInt());
        int[] qa = QueryExtractor.extract(a);
        int[] qb = QueryExtractor.extract(b);
        long overlap =
            Arrays.stream(qa).filter(x -> Arrays.stream(qb).anyMatch(y -> y == x)).count();
        assertThat(overlap)
            .as("query overlap " + what)
            .isEqualTo(pair.get("query_overlap").asLong());
        checked++;
      }
    }
    assertThat(checked)
        .isEqualTo(scores.get("pairs").size() + scores.get("negatives").size())
        .isPositive();
  }

  @Test
  void queriesAndSimhashesOfEveryClipMatchTheManifest() throws Exception {
    JsonNode clips = GoldenData.json("manifest.json").get("clips");
    for (JsonNode clip : clips) {
      int[] raw = GoldenData.raw(clip.get("fpcalc_raw_json").asText());
      String id = clip.get("id").asText();
      assertThat(QueryExtractor.extract(raw))
          .as("query of " + id)
          .isEqualTo(GoldenData.ints(clip.get("query")));
      assertThat(Integer.toUnsignedLong(SimHash.of(raw)))
          .as("simhash of " + id)
          .isEqualTo(clip.get("simhash").asLong());
    }
  }

  @Test
  void vectorAndScalarBitErrorsAgree(Random random) {
    for (int round = 0; round < 2_000; round++) {
      int n = random.nextInt(300);
      int[] a = random.ints(n + 20).toArray();
      int[] b = random.ints(n + 20).toArray();
      int aStart = random.nextInt(20);
      int bStart = random.nextInt(20);
      long scalar = BitErrors.scalar(a, aStart, b, bStart, n);
      assertThat(VectorBitErrors.count(a, aStart, b, bStart, n)).isEqualTo(scalar);
    }
  }

  @Test
  void emptyInputsScoreZero() {
    assertThat(FingerprintComparator.compare2(new int[0], new int[] {1}, 80)).isZero();
    assertThat(FingerprintComparator.compareV1(new int[] {1}, new int[0])).isZero();
    assertThat(FingerprintComparator.compare3(new int[0], new int[0], -1)).isZero();
    assertThat(QueryExtractor.extract(new int[] {QueryExtractor.SILENCE})).isEmpty();
    assertThat(SimHash.of(new int[0])).isZero();
  }

  @Test
  void optimisedCompare2EqualsTheReferenceOnRandomAndRelatedFingerprints(Random random) {
    for (int round = 0; round < 3000; round++) {
      int[] a = new int[random.nextInt(400)];
      int pool = 1 + random.nextInt(a.length + 1);
      int[] values = new int[pool];
      for (int i = 0; i < pool; i++) {
        // narrow key ranges make collisions, repeats and the last key (16383) frequent
        values[i] =
            random.nextBoolean() ? random.nextInt() : (0xFFFC_0000 | random.nextInt(1 << 18));
      }
      for (int i = 0; i < a.length; i++) {
        a[i] = values[random.nextInt(pool)];
      }
      int[] b;
      if (random.nextBoolean() && a.length > 0) { // a shifted, noisy copy: real alignments
        int shift = random.nextInt(Math.min(a.length, 100));
        b = Arrays.copyOfRange(a, shift, a.length);
        for (int i = 0; i < b.length; i++) {
          if (random.nextInt(4) == 0) {
            b[i] ^= 1 << random.nextInt(32);
          }
        }
      } else {
        b = new int[random.nextInt(400)];
        for (int i = 0; i < b.length; i++) {
          b[i] = values[random.nextInt(pool)] ^ (random.nextInt(8) == 0 ? random.nextInt() : 0);
        }
      }
      for (int maxOffset : new int[] {0, 80, 3}) {
        assertThat(FingerprintComparator.compare2(a, b, maxOffset))
            .as("round %d, maxOffset %d", round, maxOffset)
            .isEqualTo(ReferenceCompare2.compare2(a, b, maxOffset));
      }
    }
  }
}
