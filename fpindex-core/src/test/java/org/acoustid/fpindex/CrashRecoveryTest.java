package org.acoustid.fpindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged writes survive crashes: a child JVM writing commits is killed with SIGKILL at random
 * moments, and torn log tails are cut on recovery. After each reopen the index must equal the
 * deterministic commit sequence replayed up to its version, which is at least the last acknowledged
 * one, so no acknowledged commit is lost and no commit is half-applied.
 */
@Seeded
class CrashRecoveryTest {
  @TempDir Path tmp;

  static ModelIndex expectedAfter(long version) {
    ModelIndex model = new ModelIndex();
    for (long v = 1; v <= version; v++) {
      model.apply(CrashWriter.commit(v));
    }
    return model;
  }

  static void assertMatches(FpIndex index, long atLeast, String context) {
    IndexInfo info = index.info();
    assertThat(info.version())
        .as("%s: recovered version vs last acknowledged", context)
        .isGreaterThanOrEqualTo(atLeast);
    ModelIndex model = expectedAfter(info.version());
    assertThat(info.numDocs()).as(context).isEqualTo(model.docs.size());
    assertThat(info.metadata()).as(context).isEqualTo(model.metadata);
    for (int id = 1; id <= 97; id++) {
      assertThat(index.get(id)).as("%s: get(%d)", context, id).isEqualTo(model.get(id));
      int[] hashes = model.docs.get(id);
      if (hashes != null) {
        SearchRequest request = SearchRequest.of(hashes).withMinScore(1);
        assertThat(index.search(request).hits())
            .as("%s: search doc %d", context, id)
            .isEqualTo(model.search(request));
      }
    }
  }

  @Test
  void killNineLoopLosesNoAcknowledgedWrite(Random random) throws Exception {
    Path dir = tmp.resolve("idx");
    long acknowledged = 0;
    for (int round = 0; round < 4; round++) {
      long threshold =
          1 + random.nextInt(400); // small thresholds: checkpoints and merges mid-crash
      Process child = startWriter(dir, threshold);
      int acksToWait = 20 + random.nextInt(200);
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        int seen = 0;
        while (seen < acksToWait && (line = out.readLine()) != null) {
          if (line.startsWith("ACK ")) {
            acknowledged = Long.parseLong(line.substring(4));
            seen++;
          }
        }
        child.destroyForcibly(); // SIGKILL; acknowledgements still in the pipe are not counted,
        child.waitFor(); // which only makes the check below weaker, never wrong
      }
      assertThat(acknowledged).as("round %d made progress", round).isPositive();
      try (FpIndex index =
          FpIndex.open(dir, FpIndexConfig.builder().backgroundMaintenance(false).build())) {
        assertMatches(index, acknowledged, "after kill round " + round);
      }
    }
  }

  @Test
  void tornLogTailIsCutAndLaterWritesContinue(Random random) throws IOException {
    Path dir = tmp.resolve("idx");
    FpIndexConfig config = FpIndexConfig.builder().backgroundMaintenance(false).build();
    try (FpIndex index = FpIndex.open(dir, config)) {
      for (long v = 1; v <= 30; v++) {
        index.update(CrashWriter.commit(v), OptionalLong.empty());
      }
    }
    Path log = lastLog(dir);
    long size = Files.size(log);
    long cut = size - 1 - random.nextInt(20); // inside the last record
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
      file.setLength(cut);
    }
    try (FpIndex index = FpIndex.open(dir, config)) {
      assertThat(index.info().version()).isEqualTo(29);
      assertMatches(index, 29, "after cutting the tail");
      index.update(CrashWriter.commit(30), OptionalLong.of(29));
      index.update(CrashWriter.commit(31), OptionalLong.of(30));
    }
    try (FpIndex index = FpIndex.open(dir, config)) {
      assertMatches(index, 31, "after writing past the cut");
    }
  }

  @Test
  void garbageAppendedToTheLogIsDiscarded() throws IOException {
    Path dir = tmp.resolve("idx");
    FpIndexConfig config = FpIndexConfig.builder().backgroundMaintenance(false).build();
    try (FpIndex index = FpIndex.open(dir, config)) {
      for (long v = 1; v <= 5; v++) {
        index.update(CrashWriter.commit(v), OptionalLong.empty());
      }
    }
    Files.write(
        lastLog(dir),
        new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
        java.nio.file.StandardOpenOption.APPEND);
    try (FpIndex index = FpIndex.open(dir, config)) {
      assertMatches(index, 5, "after garbage");
      assertThat(index.info().version()).isEqualTo(5);
    }
  }

  @Test
  void damageInAnOlderLogIsReportedNotSkipped() throws IOException {
    Path dir = tmp.resolve("idx");
    FpIndexConfig config = FpIndexConfig.builder().backgroundMaintenance(false).build();
    try (FpIndex index = FpIndex.open(dir, config)) {
      index.update(CrashWriter.commit(1), OptionalLong.empty());
    }
    try (FpIndex index = FpIndex.open(dir, config)) { // a second log starts at version 2
      index.update(CrashWriter.commit(2), OptionalLong.empty());
    }
    List<Path> logs = logs(dir);
    assertThat(logs).hasSizeGreaterThanOrEqualTo(2);
    byte[] bytes = Files.readAllBytes(logs.get(0));
    bytes[bytes.length - 3] ^= 0x10;
    Files.write(logs.get(0), bytes);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FpIndex.open(dir, config))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining(logs.get(0).getFileName().toString());
  }

  private static Process startWriter(Path dir, long threshold) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrashWriter.class.getName());
    command.add(dir.toString());
    command.add(Long.toString(threshold));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static List<Path> logs(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
    }
  }

  private static Path lastLog(Path dir) throws IOException {
    List<Path> all = logs(dir);
    // the newest log may be empty (opened, never written): take the newest with records
    for (int i = all.size() - 1; i >= 0; i--) {
      if (Files.size(all.get(i)) > 8) {
        return all.get(i);
      }
    }
    throw new IllegalStateException("no log with records in " + dir);
  }
}
