package org.acoustid.fpindex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/** The brute-force reference: a map of documents searched by counting, exactly as specified. */
final class ModelIndex {
  final Map<Integer, int[]> docs = new HashMap<>();
  final Map<Integer, Long> versions = new HashMap<>();
  final Map<String, String> metadata = new TreeMap<>();
  long version;

  void apply(List<? extends Change> changes) {
    version++;
    for (Change c : changes) {
      switch (c) {
        case Insert i -> {
          docs.put(i.id(), i.hashes());
          versions.put(i.id(), version);
        }
        case Delete d -> {
          docs.remove(d.id());
          versions.remove(d.id());
        }
        case SetMetadata m -> metadata.put(m.key(), m.value());
      }
    }
  }

  OptionalLong get(int id) {
    Long v = versions.get(id);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  List<SearchHit> search(SearchRequest request) {
    Set<Integer> query = new HashSet<>();
    for (int q : request.query()) {
      query.add(q);
    }
    int floor = Math.max(1, request.effectiveFloor());
    List<SearchHit> candidates = new ArrayList<>();
    for (Map.Entry<Integer, int[]> doc : docs.entrySet()) {
      int score = 0;
      for (int h : doc.getValue()) {
        if (query.contains(h)) {
          score++; // duplicates inside a document count
        }
      }
      if (score >= floor) {
        candidates.add(new SearchHit(doc.getKey(), score));
      }
    }
    candidates.sort((a, b) ->
        a.score() != b.score()
            ? Integer.compare(b.score(), a.score())
            : Integer.compareUnsigned(a.id(), b.id()));
    List<SearchHit> out = new ArrayList<>();
    long cut = floor;
    for (SearchHit hit : candidates) {
      if (out.isEmpty()) {
        cut = Math.max(floor, (long) hit.score() * request.scorePct() / 100);
      } else if (hit.score() < cut) {
        break;
      }
      out.add(hit);
      if (out.size() == request.limit()) {
        break;
      }
    }
    return out;
  }
}
