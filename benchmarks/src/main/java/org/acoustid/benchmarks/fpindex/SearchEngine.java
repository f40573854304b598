package org.acoustid.benchmarks.fpindex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.acoustid.fpindex.SearchHit;

/**
 * One implementation under benchmark: documents are added in ascending id order, then searched with
 * the fpindex semantics (score = number of distinct query terms in the document, order score
 * descending then id ascending, floor {@code ceil(len/20)}, cut-off 10 % of the best, limit).
 */
public interface SearchEngine extends AutoCloseable {
  void add(int id, int[] terms) throws IOException;

  /** Makes added documents searchable (flush, commit, checkpoint). */
  void finish() throws IOException;

  List<SearchHit> search(int[] query, int limit) throws IOException;

  /** Bytes the engine's index structures occupy, by its own accounting (-1 when unknown). */
  long indexBytes();

  @Override
  void close() throws IOException;

  /** The shared cut-off rule applied to a score-ordered candidate list. */
  static List<SearchHit> applyCutoff(List<SearchHit> ordered, int queryLength, int limit) {
    int floor = Math.max(1, (queryLength + 19) / 20);
    List<SearchHit> out = new java.util.ArrayList<>();
    long cut = floor;
    for (SearchHit hit : ordered) {
      if (hit.score() < floor) {
        break;
      }
      if (out.isEmpty()) {
        cut = Math.max(floor, (long) hit.score() * 10 / 100);
      } else if (hit.score() < cut) {
        break;
      }
      out.add(hit);
      if (out.size() == limit) {
        break;
      }
    }
    return out;
  }

  /**
   * Opens the index that {@code bin/bench build --dir} left in {@code directory} (fpindex engines
   * only: the baselines exist in memory only).
   */
  static SearchEngine open(String name, Path directory) throws IOException {
    return switch (name) {
      case "fpindex" -> new FpIndexEngine(0, directory);
      case "fpindex-capped" -> new FpIndexEngine(1000, directory);
      default ->
          throw new IllegalArgumentException(
              "engine " + name + " cannot open a prebuilt index, only fpindex and fpindex-capped");
    };
  }

  static SearchEngine create(String name) throws IOException {
    return switch (name) {
      case "fpindex" -> new FpIndexEngine(0);
      case "fpindex-capped" -> new FpIndexEngine(1000);
      case "lucene" -> new LuceneEngine();
      case "hashmap" -> new HashMapEngine();
      default ->
          throw new IllegalArgumentException(
              "unknown engine " + name + ", expected fpindex, fpindex-capped, lucene or hashmap");
    };
  }
}
