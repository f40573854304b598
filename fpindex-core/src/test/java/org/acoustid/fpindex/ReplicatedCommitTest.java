package org.acoustid.fpindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replica relies on: commits at changelog positions that skip numbers survive a restart with
 * their versions, a lost commit between two such positions is still detected, and a peer's snapshot
 * replaces a lineage's data atomically or not at all.
 */
@Seeded
class ReplicatedCommitTest {
  private static final FpIndexConfig CONFIG =
      FpIndexConfig.builder().backgroundMaintenance(false).build();

  @TempDir Path tmp;

  @Test
  void sparseVersionsSurviveReplayAndCheckpoint(Random random) throws IOException {
    Path dir = tmp.resolve("idx");
    ModelIndex model = new ModelIndex();
    long version = 0;
    try (FpIndex index = FpIndex.open(dir, CONFIG)) {
      for (int commit = 0; commit < 40; commit++) {
        version += 1 + random.nextInt(300);
        List<Change> changes = CrashWriter.commit(commit + 1);
        assertThat(index.updateAt(changes, version)).isEqualTo(version);
        model.apply(changes);
        if (commit == 20) {
          index.checkpoint(); // half in a file segment, half replayed from the log
        }
      }
    }
    try (FpIndex index = FpIndex.open(dir, CONFIG)) {
      assertThat(index.info().version()).isEqualTo(version);
      assertThat(index.info().numDocs()).isEqualTo(model.docs.size());
      for (int id = 1; id <= 97; id++) {
        assertThat(index.get(id).isPresent())
            .as("doc %d", id)
            .isEqualTo(model.docs.containsKey(id));
      }
      long next = version + 17;
      index.updateAt(List.of(new Insert(5, new int[] {1, 2, 3})), next);
      assertThat(index.update(List.of(), OptionalLong.of(next))).isEqualTo(next + 1);
    }
  }

  @Test
  void aVersionNotAboveTheCurrentOneIsRefusedAndNothingWritten() throws IOException {
    try (FpIndex index = FpIndex.open(tmp.resolve("idx"), CONFIG)) {
      index.updateAt(List.of(new Insert(1, new int[] {7})), 10);
      assertThatThrownBy(() -> index.updateAt(List.of(new Insert(2, new int[] {8})), 10))
          .isInstanceOf(VersionMismatchException.class);
      assertThatThrownBy(() -> index.updateAt(List.of(new Insert(2, new int[] {8})), 3))
          .isInstanceOf(VersionMismatchException.class);
      assertThat(index.get(2)).isEmpty();
      assertThat(index.info().version()).isEqualTo(10);
    }
  }

  @Test
  void aLostCommitBetweenSparseVersionsIsReported() throws IOException {
    Path dir = tmp.resolve("idx");
    long[] versions = {3, 7, 12};
    for (long v : versions) { // each open starts a new log, so each commit has its own file
      try (FpIndex index = FpIndex.open(dir, CONFIG)) {
        index.updateAt(List.of(new Insert((int) v, new int[] {(int) v})), v);
      }
    }
    List<Path> logs;
    try (Stream<Path> files = Files.list(dir)) {
      logs = files.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
    }
    Path middle =
        logs.stream()
            .filter(p -> p.getFileName().toString().equals(String.format("wal-%020d.log", 4)))
            .findFirst()
            .orElseThrow();
    Files.delete(middle);
    assertThatThrownBy(() -> FpIndex.open(dir, CONFIG))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("from version 3 to 12");
  }

  @Test
  void installReplacesALineageWithAPeerSnapshot(Random random) throws IOException {
    byte[] snapshot;
    int[] donorHashes = random.ints(50).toArray();
    try (IndexRegistry donor = IndexRegistry.open(tmp.resolve("donor"), CONFIG)) {
      FpIndex index = donor.create("fp", false, OptionalLong.of(4)).index();
      index.updateAt(List.of(new Insert(42, donorHashes)), 900);
      index.checkpoint();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      index.snapshot(out);
      snapshot = out.toByteArray();
    }
    Path root = tmp.resolve("replica");
    try (IndexRegistry replica = IndexRegistry.open(root, CONFIG)) {
      FpIndex stale = replica.create("fp", false, OptionalLong.of(4)).index();
      stale.updateAt(List.of(new Insert(7, new int[] {1, 2})), 5);

      FpIndex installed = replica.install("fp", 4, new ByteArrayInputStream(snapshot));
      assertThat(replica.get("fp")).containsSame(installed);
      assertThat(installed.info().version()).isEqualTo(900);
      assertThat(installed.get(7)).isEmpty();
      assertThat(installed.get(42)).hasValue(900);
      installed.updateAt(List.of(new Insert(8, new int[] {3})), 901); // resumes above the donor
    }
    try (IndexRegistry reopened = IndexRegistry.open(root, CONFIG)) {
      FpIndex index = reopened.get("fp").orElseThrow();
      assertThat(index.info().version()).isEqualTo(901);
      assertThat(index.search(SearchRequest.of(donorHashes)).hits())
          .extracting(SearchHit::id)
          .containsExactly(42);
      assertThat(reopened.generation("fp")).isEqualTo(4);
    }
    try (Stream<Path> left = Files.list(root.resolve("fp"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("GENERATION", "g4");
    }
  }

  @Test
  void aRejectedOrCutSnapshotLeavesTheLineageUntouched(Random random) throws IOException {
    byte[] snapshot;
    try (IndexRegistry donor = IndexRegistry.open(tmp.resolve("donor"), CONFIG)) {
      FpIndex index = donor.create("fp", false, OptionalLong.of(3)).index();
      index.updateAt(List.of(new Insert(42, random.ints(50).toArray())), 77);
      index.checkpoint();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      index.snapshot(out);
      snapshot = out.toByteArray();
    }
    Path root = tmp.resolve("replica");
    try (IndexRegistry replica = IndexRegistry.open(root, CONFIG)) {
      FpIndex mine = replica.create("fp", false, OptionalLong.of(3)).index();
      mine.updateAt(List.of(new Insert(7, new int[] {1, 2})), 5);
      // the stream is of generation 3, the caller expects 4: refused before anything is written
      assertThatThrownBy(() -> replica.install("fp", 4, new ByteArrayInputStream(snapshot)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("generation 3, expected 4");
      byte[] cut = Arrays.copyOf(snapshot, snapshot.length - 1 - random.nextInt(100));
      assertThatThrownBy(() -> replica.install("fp", 3, new ByteArrayInputStream(cut)))
          .isInstanceOf(IOException.class);
      assertThat(replica.get("fp")).containsSame(mine);
      assertThat(mine.get(7)).hasValue(5);
    }
    try (Stream<Path> left = Files.list(root.resolve("fp"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("GENERATION", "g3");
    }
  }
}
