package org.acoustid.benchmarks.fpindex;

import static org.acoustid.benchmarks.CommandFlags.intFlag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.Insert;

/**
 * Builds a large on-disk index from {@link FingerprintGenerator} documents with a progress bar,
 * then reports the bulk build rate, the final checkpoint and merge time, and resident bytes per
 * posting.
 *
 * <p>Run: {@code bin/bench build --docs 1000000 [--dir DIR] [--batch 1000]}.
 */
public final class BuildIndexCommand {
  private BuildIndexCommand() {}

  public static void main(String[] args) throws Exception {
    int docs = intFlag(args, "--docs", 1_000_000);
    int batchSize = intFlag(args, "--batch", 1_000);
    Path dir =
        args.length > 0 && indexOf(args, "--dir") >= 0
            ? Path.of(args[indexOf(args, "--dir") + 1])
            : Files.createTempDirectory("fpindex-build");
    FingerprintGenerator generator = new FingerprintGenerator(42);
    long postings = 0;
    long start = System.nanoTime();
    try (FpIndex index =
        FpIndex.open(dir, FpIndexConfig.builder().checkpointThreshold(2_000_000).build())) {
      List<Change> batch = new ArrayList<>(batchSize);
      for (int id = 1; id <= docs; id++) {
        int[] terms = generator.nextDocument();
        postings += terms.length;
        batch.add(new Insert(id, terms));
        if (batch.size() == batchSize || id == docs) {
          index.update(batch, OptionalLong.empty());
          batch.clear();
          progress(id, docs, start);
        }
      }
      double buildSeconds = (System.nanoTime() - start) / 1e9;
      System.out.println();
      long t0 = System.nanoTime();
      index.forceMerge(1);
      double mergeSeconds = (System.nanoTime() - t0) / 1e9;
      long bytes = index.residentBytes();
      System.out.printf(
          Locale.ROOT,
          "built %,d docs (%,d postings) in %.1f s: %,.0f docs/min; checkpoint+merge to one segment %.1f s;"
              + " resident %,d bytes = %.2f bytes/posting; dir %s%n",
          docs,
          postings,
          buildSeconds,
          docs / buildSeconds * 60,
          mergeSeconds,
          bytes,
          (double) bytes / postings,
          dir);
    }
  }

  private static void progress(int done, int total, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = done / Math.max(seconds, 1e-9);
    int width = 40;
    int filled = (int) ((long) done * width / total);
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    System.out.printf(
        Locale.ROOT,
        "\r[%s] %,d/%,d docs  %,.0f docs/s  ETA %.0f s ",
        bar,
        done,
        total,
        rate,
        (total - done) / rate);
  }

  private static int indexOf(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
