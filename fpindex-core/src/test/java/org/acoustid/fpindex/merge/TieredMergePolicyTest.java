package org.acoustid.fpindex.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** Simulates workloads on fake segment sizes: bounded segment count and write amplification. */
@Seeded
class TieredMergePolicyTest {
  record Simulation(int maxSegments, double writeAmplification) {}

  static Simulation simulate(
      TieredMergePolicy policy, int flushes, java.util.function.IntSupplier flushSize) {
    List<Long> segments = new ArrayList<>();
    long ingested = 0;
    long written = 0;
    int maxSegments = 0;
    for (int f = 0; f < flushes; f++) {
      long size = flushSize.getAsInt();
      segments.add(size);
      ingested += size;
      written += size;
      Optional<MergeCandidate> merge;
      while ((merge = policy.findMerge(segments)).isPresent()) {
        MergeCandidate c = merge.get();
        long merged = 0;
        for (int i = c.from(); i < c.to(); i++) {
          merged += segments.get(i);
        }
        segments.subList(c.from(), c.to()).clear();
        segments.add(c.from(), merged);
        written += merged;
      }
      maxSegments = Math.max(maxSegments, segments.size());
    }
    return new Simulation(maxSegments, (double) written / ingested);
  }

  @Test
  void appendOnlyWorkloadStaysBounded() {
    Simulation s = simulate(TieredMergePolicy.DEFAULT, 100_000, () -> 100_000);
    // 10^10 items in 10^5 equal flushes: log_8(10^5) = 5.5 levels of at most 8 segments
    assertThat(s.maxSegments()).isLessThanOrEqualTo(8 * 6);
    assertThat(s.writeAmplification()).isLessThanOrEqualTo(7.0);
  }

  @Test
  void irregularFlushSizesStayBounded(Random random) {
    Simulation s = simulate(TieredMergePolicy.DEFAULT, 20_000, () -> 1 + random.nextInt(200_000));
    assertThat(s.maxSegments()).isLessThanOrEqualTo(8 * 6);
    assertThat(s.writeAmplification()).isLessThanOrEqualTo(7.0);
  }

  @Test
  void mergesAdjacentWindowsOfOneTierOldestFirst() {
    TieredMergePolicy policy = new TieredMergePolicy(2, 1, 1_000);
    assertThat(policy.findMerge(List.of(500L))).isEmpty();
    // 500 and 300 head the top tier; the small 10 between them is merged along with 500
    assertThat(policy.findMerge(List.of(500L, 10L, 12L, 11L, 300L, 9L)))
        .contains(new MergeCandidate(0, 2));
    // equal sizes: the oldest pair first
    assertThat(policy.findMerge(List.of(40L, 40L, 40L))).contains(new MergeCandidate(0, 2));
    // a lone large segment and one small one: different tiers, nothing to merge
    assertThat(policy.findMerge(List.of(900L, 3L))).isEmpty();
    // segments at the size cap are never merged again
    assertThat(policy.findMerge(List.of(1_000L, 1_000L, 1_000L))).isEmpty();
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new TieredMergePolicy(1, 2, 10))
        .hasMessage("segmentsPerTier must be >= 2, got segmentsPerTier=1");
    assertThatThrownBy(() -> new TieredMergePolicy(4, 0, 10)).hasMessageContaining("floorSize=0");
  }
}
