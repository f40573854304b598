package org.acoustid.benchmarks.fpindex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.fpindex.SearchRequest;

/**
 * fpindex-core in memory, fed in batches of 1000, checkpointed into one segment at the end. With a
 * per-hash cap it reads at most that many documents per query hash (the upstream trade-off). Or an
 * index directory built before, opened as it is.
 */
final class FpIndexEngine implements SearchEngine {
  private final FpIndex index;

  FpIndexEngine(int maxDocsPerHash) {
    index = FpIndex.inMemory(config(maxDocsPerHash));
  }

  /** Opens an index built by {@code bin/bench build --dir}, to be searched only. */
  FpIndexEngine(int maxDocsPerHash, Path directory) throws IOException {
    if (Files.isDirectory(directory) == false) {
      throw new IllegalArgumentException(
          "no index at " + directory + ": build one with bin/bench build --docs N --dir DIR");
    }
    index = FpIndex.open(directory, config(maxDocsPerHash));
  }

  private static FpIndexConfig config(int maxDocsPerHash) {
    return FpIndexConfig.builder()
        .backgroundMaintenance(false)
        .maxMemorySegments(64)
        .maxDocsPerHash(maxDocsPerHash)
        .build();
  }

  private final List<Change> batch = new ArrayList<>();
  private int sinceMerge;

  @Override
  public void add(int id, int[] terms) throws IOException {
    batch.add(new Insert(id, terms));
    if (batch.size() == 1000) {
      flush();
    }
  }

  private void flush() throws IOException {
    if (batch.isEmpty() == false) {
      index.update(batch, OptionalLong.empty());
      batch.clear();
      if (++sinceMerge == 50) { // keep memory segments few while building, as maintenance would
        index.checkpoint();
        sinceMerge = 0;
      }
    }
  }

  @Override
  public void finish() throws IOException {
    flush();
    index.forceMerge(1);
  }

  @Override
  public List<SearchHit> search(int[] query, int limit) {
    return index
        .search(SearchRequest.of(query).withLimit(limit).withTimeout(java.time.Duration.ZERO))
        .hits();
  }

  @Override
  public long indexBytes() {
    return index.residentBytes();
  }

  @Override
  public void close() {
    index.close();
  }
}
