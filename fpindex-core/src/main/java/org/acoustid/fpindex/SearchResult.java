package org.acoustid.fpindex;

import java.util.List;

/** Hits ordered by score descending then id ascending, and the index version searched. */
public record SearchResult(List<SearchHit> hits, long version) {}
