package org.acoustid.server.lookup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.acoustid.chromaprint.FingerprintComparator;
import org.acoustid.chromaprint.QueryExtractor;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.server.db.SqlArrays;
import org.acoustid.server.index.FingerprintIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference search of specification §7.2: query extraction, index candidates with the relative
 * hits cut-off, the duration filter, full {@code compare2} rescoring in Java (offset 80), then
 * score descending, fingerprint id ascending. Works without any external service (quirk Q5 fixed).
 */
public final class FingerprintSearcher {
  private static final Logger log = LoggerFactory.getLogger(FingerprintSearcher.class);

  private final FingerprintIndex index;
  private final int timeoutSeconds;

  public FingerprintSearcher(FingerprintIndex index, int timeoutSeconds) {
    this.index = index;
    this.timeoutSeconds = Math.max(1, timeoutSeconds);
  }

  /**
   * Searches on {@code c}; in slow mode also among committed fingerprints the index has not yet
   * received (changelog rows past its position), so two quick submissions of one song meet.
   *
   * @throws SQLException on database errors; in slow mode also index errors (wrapped)
   */
  public List<FingerprintMatch> search(
      Connection c, int[] hashes, int duration, int maxDurationDiff, SearchMode mode)
      throws SQLException {
    int[] query = QueryExtractor.extract(hashes);
    if (query.length == 0) {
      return List.of();
    }
    Set<Integer> candidates = new LinkedHashSet<>();
    long position = 0;
    try {
      candidates.addAll(indexCandidates(query, mode));
      position = index.changelogPosition();
    } catch (Exception e) {
      if (mode == SearchMode.SLOW) {
        throw new SQLException("fingerprint index failed: " + e.getMessage(), e);
      }
      log.warn("index search failed, continuing without it: {}", e.toString());
    }
    if (mode == SearchMode.SLOW) {
      candidates.addAll(unindexedCandidates(c, query, position));
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    return rescore(c, candidates, hashes, duration, maxDurationDiff, mode);
  }

  private List<Integer> indexCandidates(int[] query, SearchMode mode) throws Exception {
    List<SearchHit> hits = index.search(query, mode.candidates);
    List<Integer> ids = new ArrayList<>();
    if (hits.isEmpty()) {
      return ids;
    }
    int best = hits.get(0).score();
    for (SearchHit hit : hits) {
      // strict "hits > best × P / 100" in integer-free form
      if (hit.score() * 100L > (long) best * mode.hitsPercent && ids.size() < mode.candidates) {
        ids.add(hit.id());
      }
    }
    return ids;
  }

  private List<Integer> unindexedCandidates(Connection c, int[] query, long position)
      throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT fingerprint_id FROM fpindex_changelog WHERE id > ? AND query && ?")) {
      st.setQueryTimeout(timeoutSeconds);
      st.setLong(1, position);
      st.setArray(2, SqlArrays.int4(c, query));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getInt(1));
        }
      }
    }
    return ids;
  }

  private List<FingerprintMatch> rescore(
      Connection c,
      Set<Integer> candidates,
      int[] hashes,
      int duration,
      int maxDurationDiff,
      SearchMode mode)
      throws SQLException {
    List<FingerprintMatch> matches = new ArrayList<>();
    try (PreparedStatement st =
        SqlArrays.binary(
            c.prepareStatement(
                "SELECT f.id, f.fingerprint, f.track_id, t.gid FROM fingerprint f"
                    + " JOIN track t ON t.id = f.track_id"
                    + " WHERE f.id = ANY (?) AND f.length BETWEEN ? AND ?"))) {
      st.setQueryTimeout(timeoutSeconds);
      st.setArray(1, c.createArrayOf("int4", candidates.toArray()));
      st.setInt(2, duration - maxDurationDiff);
      st.setInt(3, duration + maxDurationDiff);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          int[] stored = SqlArrays.ints(rs.getArray(2));
          float score =
              FingerprintComparator.compare2(
                  stored, hashes, FingerprintComparator.SERVER_MAX_OFFSET);
          if (score > mode.minScore) {
            matches.add(
                new FingerprintMatch(
                    rs.getInt(1), rs.getInt(3), rs.getObject(4, UUID.class), score));
          }
        }
      }
    } catch (SQLException e) {
      if ("57014".equals(e.getSQLState())) { // query_canceled: the search timed out
        log.warn("fingerprint search timed out after {} s", timeoutSeconds);
        return List.of();
      }
      throw e;
    }
    matches.sort(
        Comparator.comparingDouble((FingerprintMatch m) -> -m.score())
            .thenComparingInt(FingerprintMatch::fingerprintId));
    return matches.size() > mode.maxMatches ? matches.subList(0, mode.maxMatches) : matches;
  }
}
