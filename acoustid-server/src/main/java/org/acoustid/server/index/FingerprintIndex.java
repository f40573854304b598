package org.acoustid.server.index;

import java.io.IOException;
import java.util.List;
import org.acoustid.fpindex.SearchHit;

/**
 * The inverted index the lookup searches: documents are fingerprint ids with their extracted query
 * terms (specification §6.2), filled from the changelog table (§10.2) in changelog order.
 */
public interface FingerprintIndex extends AutoCloseable {
  /**
   * The documents sharing the most terms with {@code query}, best first (hits descending, id
   * ascending), at most {@code limit}.
   */
  List<SearchHit> search(int[] query, int limit) throws IOException;

  /** The highest changelog id applied so far (0 when none). */
  long changelogPosition() throws IOException;

  /**
   * Adds {@code entries} and records {@code position} as applied, atomically: after a crash either
   * both are visible or neither.
   */
  void apply(List<Entry> entries, long position) throws IOException;

  /** One changelog row: a fingerprint id and its query terms. */
  record Entry(int fingerprintId, int[] terms) {}

  @Override
  void close();
}
