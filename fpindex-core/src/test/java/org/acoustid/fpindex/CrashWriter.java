package org.acoustid.fpindex;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The child process of {@link CrashRecoveryTest}: writes the deterministic commit sequence of
 * {@link #commit(long)} into an index and prints {@code ACK <version>} after each acknowledged
 * write, until it is killed.
 */
public final class CrashWriter {
  private CrashWriter() {}

  /** Commit number {@code v}: deterministic, so a reader can rebuild the expected state. */
  static List<Change> commit(long v) {
    int id = (int) (1 + v % 97);
    if (v % 11 == 0) {
      return List.of(new Delete(id), new SetMetadata("last", Long.toString(v)));
    }
    int[] hashes = new int[1 + (int) (v % 30)];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = (int) (v * 31 + i);
    }
    return List.of(new Insert(id, hashes), new SetMetadata("last", Long.toString(v)));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    FpIndexConfig config =
        FpIndexConfig.builder()
            .checkpointThreshold(Long.parseLong(args[1]))
            .maintenanceIntervalMs(1)
            .build();
    try (FpIndex index = FpIndex.open(dir, config)) {
      long v = index.info().version();
      while (true) {
        long next = v + 1;
        long got = index.update(commit(next), OptionalLong.of(v));
        System.out.println("ACK " + got);
        System.out.flush();
        v = got;
      }
    }
  }
}
