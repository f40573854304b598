package org.acoustid.fpindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.acoustid.testing.Seeded;
import org.acoustid.testing.SeededRandomExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: random sequences of inserts, updates, deletes, metadata, checkpoints, merges,
 * reopens and searches against {@link ModelIndex}, with exact equality of every answer.
 */
@Seeded
class FpIndexModelTest {
  @TempDir Path tmp;

  /** Small id and hash ranges so documents collide, get replaced and share hashes often. */
  static int[] randomHashes(Random random) {
    int n = random.nextInt(12);
    int[] hashes = new int[n];
    for (int i = 0; i < n; i++) {
      // mostly a small range (overlaps), sometimes the full unsigned range
      hashes[i] = random.nextInt(8) == 0 ? random.nextInt() : random.nextInt(64);
    }
    return hashes;
  }

  static int randomId(Random random) {
    return random.nextInt(16) == 0
        ? -1 - random.nextInt(4)
        : 1 + random.nextInt(60); // some ids >= 2^31
  }

  static List<Change> randomBatch(Random random) {
    List<Change> changes = new ArrayList<>();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(10)) {
        case 0, 1 -> changes.add(new Delete(randomId(random)));
        case 2 -> changes.add(new SetMetadata("k" + random.nextInt(3), "v" + random.nextInt(100)));
        default -> changes.add(new Insert(randomId(random), randomHashes(random)));
      }
    }
    return changes;
  }

  static SearchRequest randomSearch(Random random) {
    int[] query = randomHashes(random);
    SearchRequest r =
        SearchRequest.of(query).withLimit(1 + random.nextInt(20)).withScorePct(random.nextInt(60));
    return random.nextBoolean() ? r.withMinScore(random.nextInt(3)) : r;
  }

  static void assertSameAnswers(FpIndex index, ModelIndex model, Random random, String context) {
    for (int s = 0; s < 5; s++) {
      SearchRequest request = randomSearch(random);
      assertThat(index.search(request).hits())
          .as("%s, search %s", context, request)
          .isEqualTo(model.search(request));
    }
    for (int s = 0; s < 5; s++) {
      int id = randomId(random);
      assertThat(index.get(id)).as("%s, get(%d)", context, id).isEqualTo(model.get(id));
    }
    IndexInfo info = index.info();
    assertThat(info.version()).as(context).isEqualTo(model.version);
    assertThat(info.numDocs()).as(context).isEqualTo(model.docs.size());
    assertThat(info.metadata()).as(context).isEqualTo(model.metadata);
  }

  @Test
  void onDiskIndexMatchesTheModelThroughCheckpointsMergesAndReopens(Random random)
      throws IOException {
    FpIndexConfig config =
        FpIndexConfig.builder().backgroundMaintenance(false).maxMemorySegments(4).build();
    Path dir = tmp.resolve("idx");
    ModelIndex model = new ModelIndex();
    FpIndex index = FpIndex.open(dir, config);
    try {
      int steps = SeededRandomExtension.atLeast(random, 300);
      for (int step = 0; step < steps; step++) {
        int op = random.nextInt(100);
        if (op < 60) {
          List<Change> batch = randomBatch(random);
          long v = index.update(batch, OptionalLong.empty());
          model.apply(batch);
          assertThat(v).isEqualTo(model.version);
        } else if (op < 70) {
          index.checkpoint();
        } else if (op < 75) {
          index.forceMerge(1 + random.nextInt(3));
        } else if (op < 80) {
          index.maintain();
        } else if (op < 85) {
          index.close();
          index = FpIndex.open(dir, config);
        } else {
          assertSameAnswers(index, model, random, "step " + step);
        }
      }
      assertSameAnswers(index, model, random, "end");
      index.close();
      index = FpIndex.open(dir, config);
      assertSameAnswers(index, model, random, "after the last reopen");
    } finally {
      index.close();
    }
  }

  @Test
  void inMemoryIndexWithBackgroundMaintenanceMatchesTheModel(Random random) throws IOException {
    FpIndexConfig config =
        FpIndexConfig.builder()
            .checkpointThreshold(50)
            .maxMemorySegments(3)
            .maintenanceIntervalMs(1)
            .build();
    ModelIndex model = new ModelIndex();
    try (FpIndex index = FpIndex.inMemory(config)) {
      int steps = SeededRandomExtension.atLeast(random, 400);
      for (int step = 0; step < steps; step++) {
        List<Change> batch = randomBatch(random);
        index.update(batch, OptionalLong.empty());
        model.apply(batch);
        if (step % 10 == 0) {
          assertSameAnswers(index, model, random, "step " + step);
        }
      }
      assertSameAnswers(index, model, random, "end");
    }
  }

  @Test
  void lastChangePerIdWinsInsideOneBatch() throws IOException {
    try (FpIndex index = FpIndex.inMemory(FpIndexConfig.builder().build())) {
      index.update(List.of(new Insert(1, new int[] {5}), new Delete(1)), OptionalLong.empty());
      assertThat(index.get(1)).isEmpty();
      index.update(List.of(new Delete(2), new Insert(2, new int[] {7, 7})), OptionalLong.empty());
      assertThat(index.search(SearchRequest.of(new int[] {7, 7})).hits())
          .containsExactly(new SearchHit(2, 2));
      assertThat(index.get(2)).hasValue(2);
    }
  }

  @Test
  void theSpecificationsWorkedExample() throws IOException {
    try (FpIndex index = FpIndex.inMemory(FpIndexConfig.builder().build())) {
      index.update(
          List.of(
              new Insert(1001, new int[] {11000, 12000, 13000}),
              new Insert(1002, new int[] {11000, 12000, 19000})),
          OptionalLong.empty());
      assertThat(index.search(SearchRequest.of(new int[] {11000, 12000, 13000})).hits())
          .containsExactly(new SearchHit(1001, 3), new SearchHit(1002, 2));
      IndexInfo info = index.info();
      assertThat(info.numSegments()).isEqualTo(1);
      assertThat(info.minDocId()).isEqualTo(1001);
      assertThat(info.maxDocId()).isEqualTo(1002);
    }
  }

  @Test
  void perHashCapReadsTheLowestIdsOfFlushedSegmentsOnly() throws IOException {
    FpIndexConfig config =
        FpIndexConfig.builder().backgroundMaintenance(false).maxDocsPerHash(10).build();
    try (FpIndex index = FpIndex.inMemory(config)) {
      List<Change> batch = new ArrayList<>();
      for (int id = 50; id >= 1; id--) {
        batch.add(new Insert(id, new int[] {7}));
      }
      index.update(batch, OptionalLong.empty());
      index.checkpoint();
      index.update(List.of(new Insert(99, new int[] {7})), OptionalLong.empty()); // memory segment
      List<Integer> ids =
          index.search(SearchRequest.of(new int[] {7}).withLimit(100)).hits().stream()
              .map(SearchHit::id)
              .toList();
      assertThat(ids).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99);
    }
  }
}
