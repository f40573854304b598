package org.acoustid.fpindex.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.store.DirectoryOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds an empty lineage from the feed's corpus stream (spec §11.3): the batches go into a staging
 * index beside the registry, which is flushed to file segments at the stream's position and then
 * installed like a peer snapshot. A stream that breaks off leaves the lineage as it was.
 *
 * <p>The staging index commits batch after batch at versions 1, 2, ... and the last batch at the
 * corpus position, so the installed index resumes the feed right above it. (Documents of earlier
 * batches report a lower version from {@code GET /:index/:id} than the corpus position; the stream
 * does not say when each was written.)
 */
final class CorpusSeeder {
  private static final Logger log = LoggerFactory.getLogger(CorpusSeeder.class);

  private CorpusSeeder() {}

  /**
   * @return the installed index, or empty when the feed offers no corpus or an empty one
   */
  static Optional<FpIndex> seed(
      IndexRegistry registry, Path stagingRoot, Changelog changelog, String name, long generation)
      throws IOException {
    Optional<CorpusStream> opened = changelog.openCorpus(name, generation);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    long start = System.nanoTime();
    Files.createDirectories(stagingRoot);
    Path staging = Files.createTempDirectory(stagingRoot, "corpus-" + name + "-");
    Path snapshot = staging.resolve("snapshot");
    long documents = 0;
    long position;
    try (CorpusStream corpus = opened.get()) {
      position = corpus.position();
      FpIndexConfig config = FpIndexConfig.builder().backgroundMaintenance(false).build();
      try (FpIndex index = FpIndex.open(staging.resolve("index"), config, generation)) {
        // one batch behind: the last one is committed at the corpus position itself, so the
        // newest segment (and the installed index) carries that version
        List<Change> pending = corpus.nextBatch();
        if (pending == null) {
          return Optional.empty(); // nothing to seed: the caller commits the position
        }
        List<Change> next;
        while ((next = corpus.nextBatch()) != null) {
          if (index.info().version() + 1 >= position) {
            throw new IOException(
                "corpus of " + name + " has more batches than its position " + position);
          }
          index.update(pending, OptionalLong.empty());
          documents += pending.size();
          pending = next;
        }
        index.updateAt(pending, position);
        documents += pending.size();
        index.checkpoint();
        try (OutputStream out = Files.newOutputStream(snapshot)) {
          index.snapshot(out);
        }
      }
      FpIndex installed;
      try (InputStream in = Files.newInputStream(snapshot)) {
        installed = registry.install(name, generation, in);
      }
      log.info(
          "{}/{}: seeded from the feed's corpus stream at {}: {} changes in {} ms",
          name,
          generation,
          position,
          documents,
          (System.nanoTime() - start) / 1_000_000);
      return Optional.of(installed);
    } finally {
      DirectoryOps.deleteTree(staging);
    }
  }
}
