package org.acoustid.fpindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Random;
import org.acoustid.fpindex.store.FileIo;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails the Nth file operation of a writing index, for every N a fault-free run performs (log
 * appends and fsyncs, checkpoints, merges, manifest updates, deletions), then loses whatever was
 * not forced and tears the tails of the files: the reopened index must hold every acknowledged
 * commit, nothing half-applied, and at most the commits that were attempted.
 */
@Seeded
class FaultInjectionTest {
  @TempDir Path tmp;

  static final int COMMITS = 40;

  /** The writer: commits of {@link CrashWriter#commit}, with checkpoints and merges in between. */
  static long[] write(Path dir, FileIo io) {
    long acknowledged = 0;
    long attempted = 0;
    FpIndexConfig config =
        FpIndexConfig.builder()
            .backgroundMaintenance(false)
            .maxMemorySegments(4)
            .fileIo(io)
            .build();
    try (FpIndex index = FpIndex.open(dir, config)) {
      for (long v = 1; v <= COMMITS; v++) {
        attempted = v;
        index.update(CrashWriter.commit(v), OptionalLong.of(v - 1));
        acknowledged = v;
        if (v % 6 == 0) {
          index.checkpoint();
        }
        if (v % 13 == 0) {
          index.forceMerge(1);
        }
      }
    } catch (IOException | FpIndexException | UncheckedIOException e) {
      // the injected fault (or the index refusing work after it)
    }
    return new long[] {acknowledged, attempted};
  }

  @Test
  void everyAcknowledgedCommitSurvivesAFaultAtAnyOperationAndLostWrites(Random random)
      throws IOException {
    FaultyFileIo counting = new FaultyFileIo(Long.MAX_VALUE);
    long[] clean = write(tmp.resolve("clean"), counting);
    assertThat(clean[0]).isEqualTo(COMMITS);
    long total = counting.operations();
    assertThat(total).as("operations of a fault-free run").isGreaterThan(3 * COMMITS);

    int faults = 0;
    for (long failAt = 1; failAt <= total; failAt++) {
      Path dir = tmp.resolve("run-" + failAt);
      FaultyFileIo io = new FaultyFileIo(failAt);
      long[] result = write(dir, io);
      assertThat(io.failed()).as("fault %d was reached", failAt).isTrue();
      faults++;
      io.crash(random);
      String context = "fault at operation " + failAt + " of " + total;
      try (FpIndex reopened =
          FpIndex.open(dir, FpIndexConfig.builder().backgroundMaintenance(false).build())) {
        assertThat(reopened.info().version())
            .as("%s: no commit beyond the attempted ones", context)
            .isLessThanOrEqualTo(result[1]);
        CrashRecoveryTest.assertMatches(reopened, result[0], context);
        // and it keeps working
        long v = reopened.info().version();
        reopened.update(CrashWriter.commit(v + 1), OptionalLong.of(v));
        assertThat(reopened.info().version()).isEqualTo(v + 1);
      }
    }
    assertThat(faults).isEqualTo((int) total);
  }
}
