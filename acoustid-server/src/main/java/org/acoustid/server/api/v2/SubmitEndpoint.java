package org.acoustid.server.api.v2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.acoustid.chromaprint.FingerprintCodec;
import org.acoustid.chromaprint.InvalidFingerprintException;
import org.acoustid.server.db.ApiKeyCache;
import org.acoustid.server.db.SubmissionRepository;
import org.acoustid.server.db.SubmissionRepository.NewSubmission;

/**
 * {@code /v2/submit} (§4.2), API v1's {@code /submit} (§5, see {@link ApiVersion}) and {@code
 * /v2/submission_status} (§4.3). Submissions are committed before the answer (one transaction per
 * request), one row per MBID; rows with no MBID, PUID or text metadata are not stored and not
 * reported. Entries failing validation are skipped unless the last entry fails with no earlier
 * success, whose error is then the answer (§2.3).
 */
public final class SubmitEndpoint {
  private static final Pattern UUID_PATTERN =
      Pattern.compile("^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$");
  private static final Pattern FOREIGN_ID = Pattern.compile("^[0-9a-z]+:.+$");

  private final DataSource db;
  private final ApiKeyCache keys;

  public SubmitEndpoint(DataSource db, ApiKeyCache keys) {
    this.keys = keys;
    this.db = db;
  }

  private record Parsed(String index, List<NewSubmission> rows) {}

  public Map<String, Object> submit(
      ApiVersion version,
      Function<String, String> first,
      Function<String, List<String>> all,
      Set<String> names,
      Throttle throttle)
      throws Exception {
    String client = first.apply("client");
    if (client == null || client.isEmpty()) {
      throw new ApiException(ApiError.missingParameter("client"));
    }
    var app =
        keys.findActiveApplication(client)
            .orElseThrow(() -> new ApiException(ApiError.invalidApiKey()));
    String user = first.apply("user");
    if (user == null || user.isEmpty()) {
      throw new ApiException(ApiError.missingParameter("user"));
    }
    var account =
        keys.findAccount(user).orElseThrow(() -> new ApiException(ApiError.invalidUserApiKey()));
    String clientVersion = first.apply("clientversion");
    List<BatchEntries.Entry> entries = BatchEntries.of(names, "fingerprint");
    if (entries.isEmpty()) {
      throw new ApiException(ApiError.missingParameter("fingerprint"));
    }
    List<Parsed> parsed = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      BatchEntries.Entry entry = entries.get(i);
      try {
        parsed.add(
            new Parsed(
                entry.index(),
                parse(version, entry, first, all, account.id(), app.id(), clientVersion)));
      } catch (ApiException e) {
        if (i == entries.size() - 1 && parsed.isEmpty()) {
          throw e;
        }
      }
    }
    throttle.admit(app.id());
    List<NewSubmission> rows = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    for (Parsed p : parsed) {
      for (NewSubmission row : p.rows()) {
        rows.add(row);
        indexes.add(p.index());
      }
    }
    List<Integer> ids = new SubmissionRepository(db).insertAll(rows);
    List<Map<String, Object>> submissions = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", ids.get(i));
      item.put("status", "pending");
      if (indexes.get(i) != null) {
        item.put("index", indexes.get(i)); // a string, as upstream (quirk Q3)
      }
      submissions.add(item);
    }
    return Map.of("submissions", submissions);
  }

  private static List<NewSubmission> parse(
      ApiVersion version,
      BatchEntries.Entry e,
      Function<String, String> first,
      Function<String, List<String>> all,
      int accountId,
      int applicationId,
      String clientVersion)
      throws ApiException {
    UUID puid = uuid(e.name("puid"), first.apply(e.name("puid")));
    String foreignId = first.apply(e.name("foreignid"));
    if (foreignId != null
        && foreignId.isEmpty() == false
        && FOREIGN_ID.matcher(foreignId).matches() == false) {
      throw new ApiException(ApiError.invalidForeignId(e.name("foreignid")));
    }
    List<UUID> mbids = new ArrayList<>();
    for (String m : all.apply(e.name("mbid"))) {
      if (m.isEmpty() == false) {
        mbids.add(uuid(e.name("mbid"), m));
      }
    }
    String durationName = e.name(version.durationParameter());
    Integer duration = integer(first.apply(durationName));
    boolean outOfRange = duration != null && (duration <= 0 || duration > 32767);
    if (duration == null || (outOfRange && version == ApiVersion.V1)) {
      // v1 reports every bad length as missing (§5; upstream fails a negative one in the database)
      throw new ApiException(ApiError.missingParameter(durationName));
    }
    if (outOfRange) {
      throw new ApiException(ApiError.invalidDuration(durationName));
    }
    String format = first.apply(e.name(version.fileFormatParameter()));
    String text = first.apply(e.name("fingerprint"));
    if (text == null || text.isEmpty()) {
      throw new ApiException(ApiError.missingParameter(e.name("fingerprint")));
    }
    int[] raw;
    try {
      raw = FingerprintCodec.decodeBase64(text, false).raw();
    } catch (InvalidFingerprintException ex) {
      throw new ApiException(ApiError.invalidFingerprint());
    }
    Integer bitrate = integer(first.apply(e.name("bitrate")));
    if (bitrate != null && bitrate < 0) {
      throw new ApiException(ApiError.invalidBitrate(e.name("bitrate")));
    }
    if (bitrate != null && bitrate == 0) {
      bitrate = null;
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    putText(meta, "track", first.apply(e.name("track")));
    putText(meta, "artist", first.apply(e.name("artist")));
    putText(meta, "album", first.apply(e.name("album")));
    putText(meta, "album_artist", first.apply(e.name("albumartist")));
    putInt(meta, "track_no", integer(first.apply(e.name("trackno"))));
    putInt(meta, "disc_no", integer(first.apply(e.name("discno"))));
    putInt(meta, "year", integer(first.apply(e.name("year"))));
    String metaJson = meta.isEmpty() ? null : org.acoustid.server.api.v2.Renderers.json(meta);
    List<NewSubmission> rows = new ArrayList<>();
    if (mbids.isEmpty() && puid == null && metaJson == null) {
      return rows; // nothing to link: not stored (§4.2)
    }
    List<UUID> each = mbids.isEmpty() ? java.util.Collections.singletonList(null) : mbids;
    for (UUID mbid : each) {
      rows.add(
          new NewSubmission(
              accountId,
              applicationId,
              clientVersion,
              raw,
              duration,
              bitrate,
              format,
              metaJson,
              mbid,
              puid,
              foreignId == null || foreignId.isEmpty() ? null : foreignId));
    }
    return rows;
  }

  public Map<String, Object> status(Function<String, String> first, List<String> ids)
      throws Exception {
    String client = first.apply("client");
    if (client == null || client.isEmpty()) {
      throw new ApiException(ApiError.missingParameter("client"));
    }
    keys.findActiveApplication(client)
        .orElseThrow(() -> new ApiException(ApiError.invalidApiKey()));
    SubmissionRepository repo = new SubmissionRepository(db);
    List<Map<String, Object>> out = new ArrayList<>();
    for (String raw : ids) {
      Integer id = integer(raw);
      if (id == null) {
        continue; // unparseable ids are dropped (§4.3)
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", id);
      var track = repo.importedTrack(id);
      if (track.isPresent()) {
        item.put("status", "imported");
        item.put("result", Map.of("id", track.get().toString()));
      } else {
        item.put("status", "pending");
      }
      out.add(item);
    }
    return Map.of("submissions", out);
  }

  /** The UUID syntax the API accepts (§4.1): 8-4-4-4-12 hexadecimal digits, any case. */
  static boolean isUuid(String value) {
    return value != null && UUID_PATTERN.matcher(value).matches();
  }

  private static UUID uuid(String name, String value) throws ApiException {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (isUuid(value) == false) {
      throw new ApiException(ApiError.invalidUuid(name));
    }
    return UUID.fromString(value);
  }

  static Integer integer(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final Pattern BLANKS = Pattern.compile("[\\s\\x00]+");

  /** fix_meta (§9.1): each run of whitespace or NUL becomes one space, no trimming. */
  private static void putText(Map<String, Object> meta, String key, String value) {
    if (value != null && value.isEmpty() == false) {
      meta.put(key, BLANKS.matcher(value).replaceAll(" "));
    }
  }

  private static void putInt(Map<String, Object> meta, String key, Integer value) {
    boolean position = key.equals("track_no") || key.equals("disc_no");
    if (value != null && value != 0 && !(position && value > 10000)) {
      meta.put(key, value);
    }
  }
}
