package org.acoustid.server.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.acoustid.chromaprint.FingerprintComparator;
import org.acoustid.chromaprint.QueryExtractor;
import org.acoustid.chromaprint.SimHash;
import org.acoustid.server.db.AdvisoryLocks;
import org.acoustid.server.db.SqlArrays;
import org.acoustid.server.lookup.FingerprintMatch;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.server.lookup.SearchMode;

/**
 * Imports one submission (specification §9.3) inside the caller's transaction: locks, marks it
 * handled, finds the track it belongs to (slow search at 0.75, then every fingerprint of the track
 * must agree at 0.4 within 7 s), reuses a fingerprint above 0.9 or inserts one, links MBID, PUID,
 * metadata and foreign id with their sources, and records the result.
 */
public final class SubmissionImporter {
  static final int MIN_UNIQUE_HASHES = 80;
  static final double TRACK_GROUP_MERGE_THRESHOLD = 0.4;
  static final double FINGERPRINT_MERGE_THRESHOLD = 0.9;
  static final int MAX_LENGTH_DIFF = 7;
  static final UUID NIL = new UUID(0, 0);

  /** The advisory lock of the changelog trigger (migration V2). */
  static final long CHANGELOG_LOCK = 7723016524936704001L;

  /** What happened to a submission. */
  public enum Outcome {
    /** A fingerprint was stored or reused and linked to a track. */
    IMPORTED,
    /** Handled, but nothing to store (no links, too few distinct hashes). */
    SKIPPED,
    /** Another import holds a lock on the same fingerprint or MBID: leave it pending. */
    RETRY,
    /** Already handled, or no such submission. */
    GONE
  }

  /** The submission row, as loaded for import. */
  record Submission(
      int id,
      Integer accountId,
      Integer applicationId,
      String applicationVersion,
      Integer sourceId,
      int[] fingerprint,
      int length,
      Integer bitrate,
      String format,
      SubmittedMeta meta,
      UUID mbid,
      UUID puid,
      String foreignId) {}

  private final FingerprintSearcher searcher;

  public SubmissionImporter(FingerprintSearcher searcher) {
    this.searcher = searcher;
  }

  public Outcome importSubmission(Connection c, int submissionId) throws SQLException {
    Submission s = load(c, submissionId);
    if (s == null) {
      return Outcome.GONE;
    }
    if (!AdvisoryLocks.tryXactLock(c, "import.fp", SimHash.of(s.fingerprint()))
        || (s.mbid() != null
            && !AdvisoryLocks.tryXactLock(
                c, "import.mbid", AdvisoryLocks.crc(s.mbid().toString())))) {
      return Outcome.RETRY;
    }
    update(c, "UPDATE submission SET handled = true, handled_at = now() WHERE id = ?", s.id());
    boolean hasMbid = s.mbid() != null && !s.mbid().equals(NIL);
    boolean hasPuid = s.puid() != null && !s.puid().equals(NIL);
    boolean hasMeta = s.meta() != null;
    if (!hasMbid && !hasPuid && !hasMeta) {
      return Outcome.SKIPPED;
    }
    if (distinct(s.fingerprint()) < MIN_UNIQUE_HASHES
        || QueryExtractor.extract(s.fingerprint()).length == 0) {
      return Outcome.SKIPPED;
    }
    int sourceId = s.sourceId() != null ? s.sourceId() : findOrInsertSource(c, s);
    Integer formatId = s.format() == null || s.format().isEmpty() ? null : findOrInsertFormat(c, s);

    // The changelog lock (also taken by the fingerprint insert trigger) serialises the match
    // decision with every other import: the search below sees all fingerprints committed before
    // it, so two workers importing one song concurrently cannot both create a track.
    try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      st.setLong(1, CHANGELOG_LOCK);
      st.execute();
    }
    int trackId = 0;
    int reusedFingerprintId = 0;
    List<FingerprintMatch> matches =
        searcher.search(c, s.fingerprint(), s.length(), MAX_LENGTH_DIFF, SearchMode.SLOW);
    Set<Integer> seenTracks = new HashSet<>();
    for (FingerprintMatch m : matches) {
      if (!seenTracks.add(m.trackId())) {
        continue;
      }
      if (trackAccepts(c, m.trackId(), s)) {
        trackId = m.trackId();
        if (m.score() > FINGERPRINT_MERGE_THRESHOLD) {
          reusedFingerprintId = m.fingerprintId();
        }
        break;
      }
    }
    if (trackId == 0) {
      trackId =
          insertReturningId(
              c, "INSERT INTO track (gid) VALUES (?) RETURNING id", UUID.randomUUID());
    }
    int fingerprintId;
    if (reusedFingerprintId != 0) {
      fingerprintId = reusedFingerprintId;
      update(
          c,
          "UPDATE fingerprint SET submission_count = submission_count + 1, updated = now() WHERE id = ?",
          fingerprintId);
    } else {
      fingerprintId = insertFingerprint(c, s, formatId, trackId);
    }
    insertSource(c, "fingerprint_source", "fingerprint_id", fingerprintId, s.id(), sourceId);

    if (hasMbid) {
      int link = findOrInsertLink(c, "track_mbid", "mbid", trackId, s.mbid());
      insertSource(c, "track_mbid_source", "track_mbid_id", link, s.id(), sourceId);
    }
    if (hasPuid) {
      int link = findOrInsertLink(c, "track_puid", "puid", trackId, s.puid());
      insertSource(c, "track_puid_source", "track_puid_id", link, s.id(), sourceId);
    }
    Integer metaId = null;
    UUID metaGid = null;
    if (hasMeta) {
      metaGid = s.meta().gid();
      metaId = findOrInsertMeta(c, s.meta(), metaGid);
      int link = findOrInsertLink(c, "track_meta", "meta_id", trackId, metaId);
      insertSource(c, "track_meta_source", "track_meta_id", link, s.id(), sourceId);
    }
    if (s.foreignId() != null && !s.foreignId().isEmpty()) {
      int foreignId = findOrInsertForeignId(c, s.foreignId());
      int link = findOrInsertLink(c, "track_foreignid", "foreignid_id", trackId, foreignId);
      insertSource(c, "track_foreignid_source", "track_foreignid_id", link, s.id(), sourceId);
    }
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO submission_result (submission_id, created, handled_at, account_id,"
                + " application_id, application_version, fingerprint_id, track_id, mbid, puid,"
                + " meta_id, meta_gid, foreignid)"
                + " SELECT id, created, now(), coalesce(account_id, 0), coalesce(application_id, 0),"
                + " application_version, ?, ?, ?, ?, ?, ?, foreignid FROM submission WHERE id = ?")) {
      st.setInt(1, fingerprintId);
      st.setInt(2, trackId);
      st.setObject(3, hasMbid ? s.mbid() : null, Types.OTHER);
      st.setObject(4, hasPuid ? s.puid() : null, Types.OTHER);
      st.setObject(5, metaId, Types.INTEGER);
      st.setObject(6, metaGid, Types.OTHER);
      st.setInt(7, s.id());
      st.executeUpdate();
    }
    return Outcome.IMPORTED;
  }

  private static Submission load(Connection c, int id) throws SQLException {
    try (PreparedStatement st =
        SqlArrays.binary(
            c.prepareStatement(
                "SELECT id, account_id, application_id, application_version, source_id, fingerprint,"
                    + " length, bitrate, format, meta IS NOT NULL AND meta <> '{}'::jsonb,"
                    + " meta->>'track', meta->>'artist', meta->>'album', meta->>'album_artist',"
                    + " (meta->>'track_no')::int, (meta->>'disc_no')::int, (meta->>'year')::int,"
                    + " mbid, puid, foreignid FROM submission WHERE id = ? AND handled = false"
                    + " FOR UPDATE"))) {
      st.setInt(1, id);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        SubmittedMeta meta =
            rs.getBoolean(10)
                ? new SubmittedMeta(
                    rs.getString(11),
                    rs.getString(12),
                    rs.getString(13),
                    rs.getString(14),
                    (Integer) rs.getObject(15),
                    (Integer) rs.getObject(16),
                    (Integer) rs.getObject(17))
                : null;
        return new Submission(
            rs.getInt(1),
            (Integer) rs.getObject(2),
            (Integer) rs.getObject(3),
            rs.getString(4),
            (Integer) rs.getObject(5),
            SqlArrays.ints(rs.getArray(6)),
            rs.getInt(7),
            (Integer) rs.getObject(8),
            rs.getString(9),
            meta,
            rs.getObject(18, UUID.class),
            rs.getObject(19, UUID.class),
            rs.getString(20));
      }
    }
  }

  static int distinct(int[] hashes) {
    int[] sorted = hashes.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        n++;
      }
    }
    return n;
  }

  /** Every fingerprint already in the track must agree with the new one (§9.3 step 8). */
  private static boolean trackAccepts(Connection c, int trackId, Submission s) throws SQLException {
    try (PreparedStatement st =
        SqlArrays.binary(
            c.prepareStatement("SELECT fingerprint, length FROM fingerprint WHERE track_id = ?"))) {
      st.setInt(1, trackId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (Math.abs(rs.getInt(2) - s.length()) > MAX_LENGTH_DIFF) {
            return false;
          }
          float score =
              FingerprintComparator.compare2(
                  SqlArrays.ints(rs.getArray(1)),
                  s.fingerprint(),
                  FingerprintComparator.SERVER_MAX_OFFSET);
          if (score < TRACK_GROUP_MERGE_THRESHOLD) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static int findOrInsertSource(Connection c, Submission s) throws SQLException {
    String select =
        "SELECT id FROM source WHERE application_id = ? AND account_id = ?"
            + " AND version IS NOT DISTINCT FROM ? ORDER BY id LIMIT 1";
    for (int attempt = 0; attempt < 2; attempt++) {
      try (PreparedStatement st = c.prepareStatement(select)) {
        st.setInt(1, s.applicationId());
        st.setInt(2, s.accountId());
        st.setString(3, s.applicationVersion());
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next()) {
            return rs.getInt(1);
          }
        }
      }
      try (PreparedStatement st =
          c.prepareStatement(
              "INSERT INTO source (application_id, account_id, version) VALUES (?, ?, ?)"
                  + " ON CONFLICT DO NOTHING")) {
        st.setInt(1, s.applicationId());
        st.setInt(2, s.accountId());
        st.setString(3, s.applicationVersion());
        st.executeUpdate();
      }
    }
    throw new SQLException("could not find or insert the source of submission " + s.id());
  }

  private static int findOrInsertFormat(Connection c, Submission s) throws SQLException {
    return findOrInsertByName(c, "format", s.format());
  }

  private static int findOrInsertForeignId(Connection c, String foreignId) throws SQLException {
    int colon = foreignId.indexOf(':');
    int vendor = findOrInsertByName(c, "foreignid_vendor", foreignId.substring(0, colon));
    String name = foreignId.substring(colon + 1);
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO foreignid (vendor_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      st.setInt(1, vendor);
      st.setString(2, name);
      st.executeUpdate();
    }
    try (PreparedStatement st =
        c.prepareStatement("SELECT id FROM foreignid WHERE vendor_id = ? AND name = ?")) {
      st.setInt(1, vendor);
      st.setString(2, name);
      return singleInt(st);
    }
  }

  /** Tables with a unique {@code name}: insert if missing, then read the id. */
  private static int findOrInsertByName(Connection c, String table, String name)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO " + table + " (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
      st.setString(1, name);
      st.executeUpdate();
    }
    try (PreparedStatement st = c.prepareStatement("SELECT id FROM " + table + " WHERE name = ?")) {
      st.setString(1, name);
      return singleInt(st);
    }
  }

  private static int findOrInsertMeta(Connection c, SubmittedMeta m, UUID gid) throws SQLException {
    for (int attempt = 0; attempt < 3; attempt++) {
      try (PreparedStatement st = c.prepareStatement("SELECT id FROM meta WHERE gid = ?")) {
        st.setObject(1, gid);
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next()) {
            return rs.getInt(1);
          }
        }
      }
      try (PreparedStatement st =
          c.prepareStatement(
              "INSERT INTO meta (track, artist, album, album_artist, track_no, disc_no, year, gid)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (gid) DO NOTHING")) {
        st.setString(1, m.track());
        st.setString(2, m.artist());
        st.setString(3, m.album());
        st.setString(4, m.albumArtist());
        st.setObject(5, m.trackNo(), Types.INTEGER);
        st.setObject(6, m.discNo(), Types.INTEGER);
        st.setObject(7, m.year(), Types.INTEGER);
        st.setObject(8, gid);
        st.executeUpdate();
      }
    }
    throw new SQLException("could not find or insert meta " + gid);
  }

  /**
   * A (track, value) link: an existing row gets {@code submission_count + 1} (its {@code disabled}
   * flag untouched), else a new row with count 1.
   */
  private static int findOrInsertLink(
      Connection c, String table, String column, int trackId, Object value) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (track_id, "
                + column
                + ", submission_count) VALUES (?, ?, 1) ON CONFLICT (track_id, "
                + column
                + ") DO UPDATE SET submission_count = "
                + table
                + ".submission_count + 1, updated = now() RETURNING id")) {
      st.setInt(1, trackId);
      st.setObject(2, value);
      return singleInt(st);
    }
  }

  private static void insertSource(
      Connection c, String table, String column, int linkId, int submissionId, int sourceId)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + column
                + ", submission_id, source_id) VALUES (?, ?, ?)")) {
      st.setInt(1, linkId);
      st.setInt(2, submissionId);
      st.setInt(3, sourceId);
      st.executeUpdate();
    }
  }

  private static int insertFingerprint(Connection c, Submission s, Integer formatId, int trackId)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO fingerprint (fingerprint, length, bitrate, format_id, track_id,"
                + " submission_count) VALUES (?, ?, ?, ?, ?, 1) RETURNING id")) {
      st.setArray(1, SqlArrays.int4(c, s.fingerprint()));
      st.setInt(2, s.length());
      st.setObject(3, s.bitrate(), Types.INTEGER);
      st.setObject(4, formatId, Types.INTEGER);
      st.setInt(5, trackId);
      return singleInt(st);
    }
  }

  private static int insertReturningId(Connection c, String sql, Object value) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setObject(1, value);
      return singleInt(st);
    }
  }

  private static void update(Connection c, String sql, int id) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setInt(1, id);
      st.executeUpdate();
    }
  }

  private static int singleInt(PreparedStatement st) throws SQLException {
    try (ResultSet rs = st.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("no row returned by " + st);
      }
      return rs.getInt(1);
    }
  }
}
