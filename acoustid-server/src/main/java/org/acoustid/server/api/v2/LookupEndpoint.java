package org.acoustid.server.api.v2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.acoustid.chromaprint.DecodedFingerprint;
import org.acoustid.chromaprint.FingerprintCodec;
import org.acoustid.chromaprint.InvalidFingerprintException;
import org.acoustid.server.db.ApiKeyCache;
import org.acoustid.server.lookup.FingerprintMatch;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.server.lookup.SearchMode;
import org.acoustid.server.metrics.ApiMetrics;
import org.acoustid.server.tasks.TaskQueue;

/**
 * {@code /v2/lookup} (specification §4.1) and API v1's {@code /lookup} (§5, see {@link
 * ApiVersion}): fingerprint entries run the fast reference search (§7.2) and are reduced to one
 * result per track, best first; track-id entries answer the requested gid with score 1.0 (following
 * one merge hop). Metadata is attached by {@link LookupMetadata}.
 */
public final class LookupEndpoint {
  static final int DEFAULT_MAX_DURATION_DIFF = 7;
  static final int MAX_FINGERPRINT_ENTRIES = 20;
  static final int MAX_TRACKID_ENTRIES = 100;

  private final ApiKeyCache keys;
  private final DataSource db;
  private final FingerprintSearcher searcher;

  private final ApiMetrics metrics;
  private final TaskQueue tasks;

  /**
   * @param tasks where MBIDs missing from MusicBrainz are sent to {@code merge_missing_mbid} (null:
   *     nowhere)
   */
  public LookupEndpoint(
      ApiKeyCache keys,
      DataSource db,
      FingerprintSearcher searcher,
      ApiMetrics metrics,
      TaskQueue tasks) {
    this.keys = keys;
    this.metrics = metrics;
    this.db = db;
    this.searcher = searcher;
    this.tasks = tasks;
  }

  /** One parsed entry: a track id, or a fingerprint with its duration. */
  private record Query(String index, UUID trackGid, int[] hashes, int duration) {}

  /** One result: the track's gid and internal id (for metadata) and the score. */
  record Result(UUID gid, int trackId, float score) {}

  public Map<String, Object> lookup(
      ApiVersion version,
      Function<String, String> first,
      Set<String> names,
      Throttle throttle,
      LookupCounting counting)
      throws Exception {
    String client = first.apply("client");
    if (client == null || client.isEmpty()) {
      throw new ApiException(ApiError.missingParameter("client"));
    }
    var app =
        keys.findActiveApplication(client)
            .orElseThrow(() -> new ApiException(ApiError.invalidApiKey()));
    Set<String> meta =
        version == ApiVersion.V1
            ? legacyFlags(first.apply("meta"))
            : LookupMetadata.flags(first.apply("meta"));
    int maxDurationDiff = DEFAULT_MAX_DURATION_DIFF;
    Integer diff = SubmitEndpoint.integer(first.apply("maxdurationdiff"));
    if (diff != null) {
      if (diff < 1 || diff > 30) {
        throw new ApiException(ApiError.invalidMaxDurationDiff("maxdurationdiff"));
      }
      maxDurationDiff = diff;
    }
    Integer batchFlag = SubmitEndpoint.integer(first.apply("batch"));
    boolean batch = batchFlag != null && batchFlag != 0;

    List<BatchEntries.Entry> entries = BatchEntries.of(names, "fingerprint", "trackid");
    if (entries.isEmpty()) {
      throw new ApiException(ApiError.missingParameter("fingerprint"));
    }
    if (!batch) {
      entries = entries.subList(0, 1);
    }
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      try {
        queries.add(parse(entries.get(i), first, version.durationParameter()));
      } catch (ApiException e) {
        if (i == entries.size() - 1 && queries.isEmpty()) {
          throw e;
        }
      }
    }
    long fingerprints = queries.stream().filter(q -> q.trackGid() == null).count();
    if (fingerprints > MAX_FINGERPRINT_ENTRIES
        || queries.size() - fingerprints > MAX_TRACKID_ENTRIES) {
      throw new ApiException(ApiError.requestTooLarge());
    }
    throttle.admit(app.id());
    List<List<Result>> answers = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      for (Query q : queries) {
        answers.add(
            q.trackGid() != null
                ? byTrackId(c, q.trackGid())
                : byFingerprint(c, q, maxDurationDiff));
      }
      List<Boolean> hits = new ArrayList<>();
      for (List<Result> answer : answers) {
        hits.add(!answer.isEmpty());
      }
      counting.counted(app.id(), hits); // one per entry in batch mode, one per request otherwise
      LookupMetadata metadata = new LookupMetadata(c, meta, tasks);
      List<List<Map<String, Object>>> rendered = metadata.render(answers);
      if (version == ApiVersion.V1) {
        recordingsAsTracks(rendered);
      }
      if (!batch) {
        return Map.of("results", rendered.get(0));
      }
      List<Map<String, Object>> items = new ArrayList<>();
      for (int i = 0; i < queries.size(); i++) {
        Map<String, Object> item = new LinkedHashMap<>();
        String index = queries.get(i).index();
        item.put("index", index == null ? null : Integer.valueOf(index));
        item.put("results", rendered.get(i));
        items.add(item);
      }
      return Map.of("fingerprints", items);
    }
  }

  /** API v1's {@code meta} (§5): any non-empty value but {@code 0} asks for recording ids. */
  private static Set<String> legacyFlags(String meta) {
    return meta == null || meta.isEmpty() || meta.equals("0") ? Set.of() : Set.of("recordingids");
  }

  /** API v1 lists a result's recordings under {@code tracks} (§5). */
  private static void recordingsAsTracks(List<List<Map<String, Object>>> rendered) {
    for (List<Map<String, Object>> results : rendered) {
      for (Map<String, Object> result : results) {
        Object recordings = result.remove("recordings");
        if (recordings != null) {
          result.put("tracks", recordings);
        }
      }
    }
  }

  private static Query parse(
      BatchEntries.Entry e, Function<String, String> first, String durationParameter)
      throws ApiException {
    String trackId = first.apply(e.name("trackid"));
    if (trackId != null && !trackId.isEmpty()) {
      if (!SubmitEndpoint.isUuid(trackId)) {
        throw new ApiException(ApiError.invalidUuid(e.name("trackid")));
      }
      return new Query(e.index(), UUID.fromString(trackId), null, 0);
    }
    Integer duration = SubmitEndpoint.integer(first.apply(e.name(durationParameter)));
    if (duration == null || duration == 0) {
      throw new ApiException(ApiError.missingParameter(e.name(durationParameter)));
    }
    String text = first.apply(e.name("fingerprint"));
    if (text == null || text.isEmpty()) {
      throw new ApiException(ApiError.missingParameter(e.name("fingerprint")));
    }
    DecodedFingerprint fp;
    try {
      fp = FingerprintCodec.decodeBase64(text, false);
    } catch (InvalidFingerprintException ex) {
      throw new ApiException(ApiError.invalidFingerprint());
    }
    if (fp.algorithm() != 1 || fp.raw().length == 0) {
      throw new ApiException(ApiError.invalidFingerprint());
    }
    return new Query(e.index(), null, fp.raw(), duration);
  }

  private List<Result> byFingerprint(Connection c, Query q, int maxDurationDiff) throws Exception {
    List<FingerprintMatch> matches =
        searcher.search(c, q.hashes(), q.duration(), maxDurationDiff, SearchMode.FAST);
    List<Result> results = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (FingerprintMatch m : matches) { // best first: the first match of a track wins
      if (seen.add(m.trackId())) {
        results.add(new Result(m.trackGid(), m.trackId(), m.score()));
      }
    }
    metrics.lookupSearch(results.size());
    return results;
  }

  private static List<Result> byTrackId(Connection c, UUID gid) throws Exception {
    try (PreparedStatement st =
        c.prepareStatement("SELECT coalesce(new_id, id) FROM track WHERE gid = ?")) {
      st.setObject(1, gid);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? List.of(new Result(gid, rs.getInt(1), 1.0f)) : List.of();
      }
    }
  }
}
