package org.acoustid.server.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.AdvisoryLocks;
import org.acoustid.server.db.ApiKeys;

/**
 * {@code merge_missing_mbid(mbid)} (specification §13.3): what to do with an MBID that lookups
 * found linked to tracks but missing from the MusicBrainz replica (schema {@code musicbrainz} of
 * the same database). One transaction under the advisory lock {@code ("merge_missing_mbid", mbid)}:
 *
 * <ol>
 *   <li>MusicBrainz redirects it ({@code recording_gid_redirect}): every link of a track to the
 *       MBID is merged into a link to the new MBID (created with count 0 when the track has none,
 *       and then inheriting the old link's {@code disabled}, so a moderator's decision survives the
 *       merge): the new link's count grows by the old one's and it stays enabled only if both were;
 *       the old link gets {@code merged_into}, count 0 and {@code disabled}; its {@code
 *       track_mbid_source} and {@code track_mbid_change} rows move to the new link.
 *   <li>Else the recording exists: nothing.
 *   <li>Else the first-missing time is remembered ({@link UnknownMbids}) in MusicBrainz replication
 *       time ({@code replication_control.last_replication_date}); once that time is {@link
 *       #UNKNOWN_FOR} or more behind the last replication, every enabled link of the MBID is
 *       disabled with a {@code track_mbid_change} by the account {@code acoustid_bot} (created on
 *       first use), note {@value #NOTE}.
 * </ol>
 *
 * <p>Runs on the master only (a replica does nothing). Without a MusicBrainz schema nothing can be
 * decided and nothing is done; without a replication date (no {@code replication_control}, or a
 * null date) the unknown branch does nothing either: a MusicBrainz copy that does not replicate
 * must not age MBIDs out. Running the job again changes nothing more: merged links are skipped, the
 * stored first-missing time never moves, disabled links are not disabled twice. Thread-safe.
 */
public final class MergeMissingMbid {
  /** How long, in replication time, an MBID may stay unknown before its links are disabled. */
  public static final Duration UNKNOWN_FOR = Duration.ofDays(7);

  /** The account that records the disabling. */
  public static final String BOT = "acoustid_bot";

  /** The note of that change. */
  public static final String NOTE = "MBID has been unknown for too long";

  /** The name of the per-MBID advisory lock. */
  static final String LOCK = "merge_missing_mbid";

  /** What one run did. */
  public enum Outcome {
    /** This node is a replica: nothing done. */
    REPLICA,
    /** Another transaction runs the job for the same MBID right now: nothing done. */
    BUSY,
    /** The database has no MusicBrainz schema: nothing can be decided. */
    NO_MUSICBRAINZ,
    /** Redirected: the links were merged into the new MBID's (possibly none left to merge). */
    MERGED,
    /** MusicBrainz has the recording: nothing to do. */
    EXISTS,
    /** Unknown, but MusicBrainz has no replication date to measure the time by. */
    NO_REPLICATION_DATE,
    /**
     * Unknown for less than {@link #UNKNOWN_FOR} of replication time (first seen now, or later).
     */
    WAITING,
    /** Unknown for {@link #UNKNOWN_FOR} or more: its enabled links were disabled. */
    DISABLED
  }

  private final DataSource db;
  private final ClusterSettings cluster;
  private final UnknownMbids unknown;

  public MergeMissingMbid(DataSource db, ClusterSettings cluster, UnknownMbids unknown) {
    this.db = db;
    this.cluster = cluster;
    this.unknown = unknown;
  }

  /** Runs the job for {@code mbid} in its own transaction. */
  public Outcome run(UUID mbid) throws SQLException {
    if (!cluster.isMaster()) {
      return Outcome.REPLICA;
    }
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement st = c.createStatement()) {
          st.execute("SET LOCAL statement_timeout = '60s'");
        }
        Outcome outcome = run(c, mbid);
        c.commit();
        return outcome;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private Outcome run(Connection c, UUID mbid) throws SQLException {
    if (!AdvisoryLocks.tryXactLock(c, LOCK, AdvisoryLocks.crc(mbid.toString()))) {
      return Outcome.BUSY;
    }
    if (!exists(c, "musicbrainz.recording")) {
      return Outcome.NO_MUSICBRAINZ;
    }
    UUID target = redirect(c, mbid);
    if (target != null && !target.equals(mbid)) {
      merge(c, mbid, target);
      return Outcome.MERGED;
    }
    if (recordingExists(c, mbid)) {
      return Outcome.EXISTS;
    }
    OffsetDateTime replicated = lastReplication(c);
    if (replicated == null) {
      return Outcome.NO_REPLICATION_DATE;
    }
    OffsetDateTime first = unknown.firstMissing(c, mbid, replicated);
    if (Duration.between(first, replicated).compareTo(UNKNOWN_FOR) < 0) {
      return Outcome.WAITING;
    }
    disable(c, mbid);
    return Outcome.DISABLED;
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    return Boolean.TRUE.equals(first(c, Boolean.class, "SELECT to_regclass(?) IS NOT NULL", table));
  }

  /** The recording MBID that {@code mbid} redirects to, or null. */
  private static UUID redirect(Connection c, UUID mbid) throws SQLException {
    if (!exists(c, "musicbrainz.recording_gid_redirect")) {
      return null;
    }
    return first(
        c,
        UUID.class,
        "SELECT r.gid FROM musicbrainz.recording_gid_redirect rd"
            + " JOIN musicbrainz.recording r ON r.id = rd.new_id WHERE rd.gid = ?",
        mbid);
  }

  private static boolean recordingExists(Connection c, UUID mbid) throws SQLException {
    return first(c, Integer.class, "SELECT 1 FROM musicbrainz.recording WHERE gid = ?", mbid)
        != null;
  }

  private static OffsetDateTime lastReplication(Connection c) throws SQLException {
    if (!exists(c, "musicbrainz.replication_control")) {
      return null;
    }
    return first(
        c,
        OffsetDateTime.class,
        "SELECT max(last_replication_date) FROM musicbrainz.replication_control");
  }

  /** One link of a track to an MBID. */
  private record Link(int id, int trackId, int submissionCount, boolean disabled) {}

  private static void merge(Connection c, UUID mbid, UUID target) throws SQLException {
    List<Link> sources = new ArrayList<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT id, track_id, submission_count, disabled FROM track_mbid"
                + " WHERE mbid = ? AND merged_into IS NULL ORDER BY id FOR UPDATE")) {
      st.setObject(1, mbid);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          sources.add(new Link(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4)));
        }
      }
    }
    for (Link source : sources) {
      int targetId = targetLink(c, source, target);
      update(
          c,
          "UPDATE track_mbid SET submission_count = submission_count + ?,"
              + " disabled = disabled AND ?, updated = now() WHERE id = ?",
          source.submissionCount(),
          source.disabled(),
          targetId);
      update(
          c,
          "UPDATE track_mbid SET merged_into = ?, submission_count = 0, disabled = true,"
              + " updated = now() WHERE id = ?",
          targetId,
          source.id());
      for (String table : List.of("track_mbid_source", "track_mbid_change")) {
        update(
            c,
            "UPDATE " + table + " SET track_mbid_id = ?, updated = now() WHERE track_mbid_id = ?",
            targetId,
            source.id());
      }
    }
  }

  /**
   * The id of the link of {@code source}'s track to {@code target}, created with count 0 and the
   * source's {@code disabled} when there is none, and locked.
   */
  private static int targetLink(Connection c, Link source, UUID target) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO track_mbid (track_id, mbid, submission_count, disabled)"
                + " VALUES (?, ?, 0, ?) ON CONFLICT (track_id, mbid) DO NOTHING")) {
      st.setInt(1, source.trackId());
      st.setObject(2, target);
      st.setBoolean(3, source.disabled());
      st.executeUpdate();
    }
    return first(
        c,
        Integer.class,
        "SELECT id FROM track_mbid WHERE track_id = ? AND mbid = ? FOR UPDATE",
        source.trackId(),
        target);
  }

  private static void disable(Connection c, UUID mbid) throws SQLException {
    List<Integer> disabled = new ArrayList<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "UPDATE track_mbid SET disabled = true, updated = now()"
                + " WHERE mbid = ? AND NOT disabled RETURNING id")) {
      st.setObject(1, mbid);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          disabled.add(rs.getInt(1));
        }
      }
    }
    if (disabled.isEmpty()) {
      return;
    }
    int bot = botAccount(c);
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO track_mbid_change (track_mbid_id, account_id, disabled, note)"
                + " VALUES (?, ?, true, ?)")) {
      for (int id : disabled) {
        st.setInt(1, id);
        st.setInt(2, bot);
        st.setString(3, NOTE);
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  /** The id of the account {@value #BOT}, created (under a lock, once) when there is none. */
  private static int botAccount(Connection c) throws SQLException {
    String byName = "SELECT id FROM account WHERE name = ? ORDER BY id LIMIT 1";
    Integer id = first(c, Integer.class, byName, BOT);
    if (id != null) {
      return id;
    }
    AdvisoryLocks.xactLock(c, "account", AdvisoryLocks.crc(BOT));
    id = first(c, Integer.class, byName, BOT);
    if (id != null) {
      return id;
    }
    return first(
        c,
        Integer.class,
        "INSERT INTO account (name, apikey) VALUES (?, ?) RETURNING id",
        BOT,
        ApiKeys.generate());
  }

  /** The first column of {@code sql}'s first row as {@code type}; null without a row. */
  private static <T> T first(Connection c, Class<T> type, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getObject(1, type) : null;
      }
    }
  }

  private static void update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.executeUpdate();
    }
  }
}
