package org.acoustid.benchmarks.fpindex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acoustid.fpindex.SearchHit;

/**
 * The naive baseline: a {@code HashMap<Integer, int[]>} from term to the ids holding it, and a
 * {@code HashMap<Integer, Integer>} of counts per search.
 */
final class HashMapEngine implements SearchEngine {
  private final Map<Integer, int[]> postings = new HashMap<>();
  private final Map<Integer, Integer> sizes = new HashMap<>();
  private long postingCount;

  @Override
  public void add(int id, int[] terms) {
    for (int term : terms) {
      int[] list = postings.get(term);
      int size = sizes.getOrDefault(term, 0);
      if (list == null) {
        list = new int[2];
      } else if (size == list.length) {
        list = Arrays.copyOf(list, size * 2);
      }
      list[size] = id;
      postings.put(term, list);
      sizes.put(term, size + 1);
      postingCount++;
    }
  }

  @Override
  public void finish() {}

  @Override
  public List<SearchHit> search(int[] query, int limit) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int term : Arrays.stream(query).distinct().toArray()) {
      int[] list = postings.get(term);
      if (list != null) {
        int size = sizes.get(term);
        for (int i = 0; i < size; i++) {
          counts.merge(list[i], 1, Integer::sum);
        }
      }
    }
    List<SearchHit> hits = new ArrayList<>(counts.size());
    counts.forEach((id, count) -> hits.add(new SearchHit(id, count)));
    hits.sort((a, b) ->
        a.score() != b.score()
            ? Integer.compare(b.score(), a.score())
            : Integer.compareUnsigned(a.id(), b.id()));
    return SearchEngine.applyCutoff(hits, query.length, limit);
  }

  @Override
  public long indexBytes() {
    // 4 bytes per posting plus the arrays' slack is not counted: an optimistic lower bound
    return 4 * postingCount;
  }

  @Override
  public void close() {
    postings.clear();
  }
}
