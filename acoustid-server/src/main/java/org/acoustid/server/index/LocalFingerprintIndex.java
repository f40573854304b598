package org.acoustid.server.index;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.fpindex.SearchRequest;
import org.acoustid.fpindex.SetMetadata;

/**
 * The index in-process: an {@link FpIndex} in a directory (durable, recovered after a crash) or in
 * memory. The changelog position is an index attribute written in the same commit as the documents,
 * so the two never disagree.
 */
public final class LocalFingerprintIndex implements FingerprintIndex {
  static final String POSITION_KEY = "acoustid.changelog_position";

  private final FpIndex index;

  private LocalFingerprintIndex(FpIndex index) {
    this.index = index;
  }

  public static LocalFingerprintIndex open(Path directory) throws IOException {
    return open(directory, 0);
  }

  /**
   * @param maxDocsPerHash 0 for exact hit counts; otherwise each query term reads at most this many
   *     documents per file segment (upstream fpindex's trade-off for very common terms)
   */
  public static LocalFingerprintIndex open(Path directory, int maxDocsPerHash) throws IOException {
    return new LocalFingerprintIndex(
        FpIndex.open(directory, FpIndexConfig.builder().maxDocsPerHash(maxDocsPerHash).build()));
  }

  public static LocalFingerprintIndex inMemory() {
    return new LocalFingerprintIndex(FpIndex.inMemory(FpIndexConfig.builder().build()));
  }

  @Override
  public List<SearchHit> search(int[] query, int limit) {
    if (query.length == 0) {
      return List.of();
    }
    // every document sharing a term is a candidate; the caller applies the relative cut-off
    SearchRequest request =
        new SearchRequest(query, limit, OptionalInt.of(1), 0, Duration.ofSeconds(1));
    return index.search(request).hits();
  }

  @Override
  public long changelogPosition() {
    String value = index.info().metadata().get(POSITION_KEY);
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public void apply(List<Entry> entries, long position) throws IOException {
    List<Change> changes = new ArrayList<>(entries.size() + 1);
    for (Entry e : entries) {
      changes.add(new Insert(e.fingerprintId(), e.terms()));
    }
    changes.add(new SetMetadata(POSITION_KEY, Long.toString(position)));
    index.update(changes, OptionalLong.empty());
  }

  /**
   * Merges everything into one file segment (after a bulk build: fastest searches, no merges left).
   */
  public void optimize() throws IOException {
    index.checkpoint();
    index.forceMerge(1);
  }

  /** Live documents (for progress output and tests). */
  public long size() {
    return index.info().numDocs();
  }

  @Override
  public void close() {
    index.close();
  }
}
