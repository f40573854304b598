package org.acoustid.fpindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caller mistakes get precise exceptions and never change stored data. */
class BadInputTest {
  @TempDir Path tmp;

  @Test
  void idZeroRejectsTheWholeBatch() throws IOException {
    try (FpIndex index = FpIndex.open(tmp.resolve("i"), FpIndexConfig.builder().build())) {
      assertThatThrownBy(() ->
              index.update(
                  List.of(new Insert(5, new int[] {1}), new Insert(0, new int[] {2})),
                  OptionalLong.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("document id must not be 0");
      assertThatThrownBy(() -> index.update(List.of(new Delete(0)), OptionalLong.empty()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(index.info().version()).isZero();
      assertThat(index.get(5)).isEmpty();
    }
  }

  @Test
  void staleExpectedVersionWritesNothing() throws IOException {
    try (FpIndex index = FpIndex.open(tmp.resolve("i"), FpIndexConfig.builder().build())) {
      index.update(List.of(), OptionalLong.of(0));
      assertThatThrownBy(
              () -> index.update(List.of(new Insert(1, new int[] {1})), OptionalLong.of(0)))
          .isInstanceOfSatisfying(
              VersionMismatchException.class,
              e -> {
                assertThat(e.expected()).isZero();
                assertThat(e.actual()).isEqualTo(1);
              });
      assertThat(index.get(1)).isEmpty();
      assertThat(index.info().version()).isEqualTo(1);
    }
  }

  @Test
  void searchRequestsValidateTheirArguments() {
    assertThatThrownBy(() -> SearchRequest.of(new int[] {1}).withLimit(0))
        .hasMessage("limit must be >= 1, got limit=0");
    assertThatThrownBy(() -> SearchRequest.of(new int[] {1}).withLimit(-5))
        .hasMessageContaining("limit=-5");
    assertThatThrownBy(() -> SearchRequest.of(new int[] {1}).withScorePct(-1))
        .hasMessageContaining("scorePct=-1");
    assertThatThrownBy(() -> SearchRequest.of(new int[] {1}).withTimeout(Duration.ofMillis(-1)))
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> new SearchRequest(null, 1, OptionalInt.empty(), 10, Duration.ZERO))
        .hasMessageContaining("query");
    assertThatThrownBy(() -> FpIndexConfig.builder().checkpointThreshold(0).build())
        .hasMessage("checkpointThreshold must be >= 1, got checkpointThreshold=0");
  }

  @Test
  void emptyQueriesMatchNothing() throws IOException {
    try (FpIndex index = FpIndex.inMemory(FpIndexConfig.builder().build())) {
      index.update(List.of(new Insert(1, new int[] {1, 2, 3})), OptionalLong.empty());
      assertThat(index.search(SearchRequest.of(new int[0])).hits()).isEmpty();
      assertThat(index.search(SearchRequest.of(new int[0]).withMinScore(0)).hits()).isEmpty();
    }
  }

  @Test
  void corruptSegmentFilesAreTypedErrorsNamingTheFile() throws IOException {
    Path dir = tmp.resolve("i");
    try (FpIndex index =
        FpIndex.open(dir, FpIndexConfig.builder().backgroundMaintenance(false).build())) {
      index.update(List.of(new Insert(1, new int[] {1, 2, 3})), OptionalLong.empty());
      index.checkpoint();
    }
    Path segment;
    try (var files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".fps")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segment);
    bytes[64 + (bytes.length - 64) / 2] ^=
        0x40; // past the 64-byte header: only the checksum sees it
    Files.write(segment, bytes);
    assertThatThrownBy(() -> FpIndex.open(dir, FpIndexConfig.builder().build()))
        .isInstanceOfSatisfying(
            CorruptIndexException.class, e -> assertThat(e.file()).isEqualTo(segment))
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void corruptManifestIsATypedError() throws IOException {
    Path dir = tmp.resolve("i");
    try (FpIndex index =
        FpIndex.open(dir, FpIndexConfig.builder().backgroundMaintenance(false).build())) {
      index.update(List.of(new Insert(1, new int[] {1})), OptionalLong.empty());
      index.checkpoint();
    }
    Path manifest = dir.resolve("MANIFEST");
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[10] ^= 1;
    Files.write(manifest, bytes);
    assertThatThrownBy(() -> FpIndex.open(dir, FpIndexConfig.builder().build()))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("MANIFEST");
  }

  @Test
  void registryRejectsBadNamesAndKeepsLineagesApart() throws IOException {
    try (IndexRegistry registry =
        IndexRegistry.open(tmp.resolve("root"), FpIndexConfig.builder().build())) {
      assertThatThrownBy(() -> registry.create("bad name", false, OptionalLong.empty()))
          .isInstanceOf(InvalidIndexNameException.class);
      assertThatThrownBy(() -> registry.create("x".repeat(256), false, OptionalLong.empty()))
          .isInstanceOf(InvalidIndexNameException.class);
      FpIndex first = registry.create("a", false, OptionalLong.empty()).index();
      first.update(List.of(new Insert(1, new int[] {9})), OptionalLong.empty());
      assertThat(registry.delete("a")).isTrue();
      assertThat(registry.delete("a")).isFalse();
      IndexRegistry.CreateResult again = registry.create("a", false, OptionalLong.empty());
      assertThat(again.generation()).isEqualTo(2);
      assertThat(again.index().search(SearchRequest.of(new int[] {9})).hits()).isEmpty();
      assertThatThrownBy(() -> registry.create("a", true, OptionalLong.empty()))
          .isInstanceOf(IndexAlreadyExistsException.class);
      assertThatThrownBy(() -> registry.create("a", false, OptionalLong.of(1)))
          .isInstanceOf(OlderIndexAlreadyExistsException.class);
      assertThatThrownBy(() -> registry.create("a", false, OptionalLong.of(3)))
          .isInstanceOf(NewerIndexAlreadyExistsException.class);
      registry.delete("a");
      assertThatThrownBy(() -> registry.create("a", false, OptionalLong.of(2)))
          .isInstanceOf(OlderIndexAlreadyExistsException.class);
      assertThat(registry.create("a", false, OptionalLong.of(7)).generation()).isEqualTo(7);
    }
    try (IndexRegistry reopened =
        IndexRegistry.open(tmp.resolve("root"), FpIndexConfig.builder().build())) {
      assertThat(reopened.names()).containsExactly("a");
      assertThat(reopened.generation("a")).isEqualTo(7);
    }
  }

  @Test
  void closedIndexesSayWhy() throws IOException {
    FpIndex index = FpIndex.inMemory(FpIndexConfig.builder().build());
    index.close();
    assertThatThrownBy(() -> index.search(SearchRequest.of(new int[] {1})))
        .isInstanceOf(IndexClosedException.class);
    assertThatThrownBy(() -> index.update(List.of(), OptionalLong.empty()))
        .isInstanceOf(IndexClosedException.class);
  }
}
