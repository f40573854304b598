package org.acoustid.server.tasks;

import static org.acoustid.server.db.TestDatabases.snapshot;
import static org.acoustid.server.db.TestDatabases.update;
import static org.acoustid.server.db.TestDatabases.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.db.TestMusicBrainz;
import org.acoustid.server.tasks.MergeMissingMbid.Outcome;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.RedisFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code merge_missing_mbid} (specification §13.3) on the real PostgreSQL, with a minimal
 * MusicBrainz schema beside the service's tables: each branch with its exact row changes, a second
 * run changing nothing more, the 7-day rule in replication time (dates set, no waiting) with the
 * first-missing time in PostgreSQL and in the real Redis, and a replica doing nothing.
 */
class MergeMissingMbidTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  @RegisterExtension static final RedisFixture redis = new RedisFixture();

  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 2, 3, 4, 5, 0, ZoneOffset.UTC);

  static Database database;
  static DataSource db;
  static TestMusicBrainz musicBrainz;
  static MergeMissingMbid job;

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabases.migrated(pg);
    db = database.dataSource();
    musicBrainz = TestMusicBrainz.create(db);
    job = new MergeMissingMbid(db, ClusterSettings.DEFAULT, new SqlUnknownMbids());
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  static int track() throws SQLException {
    return Integer.parseInt(
        value(db, "INSERT INTO track (gid) VALUES (gen_random_uuid()) RETURNING id"));
  }

  static int link(int track, UUID mbid, int count, boolean disabled) throws SQLException {
    return Integer.parseInt(
        value(
            db,
            "INSERT INTO track_mbid (track_id, mbid, submission_count, disabled)"
                + " VALUES (?, ?, ?, ?) RETURNING id",
            track,
            mbid,
            count,
            disabled));
  }

  static void source(int link, int submission) throws SQLException {
    update(
        db,
        "INSERT INTO track_mbid_source (track_mbid_id, submission_id, source_id) VALUES (?, ?, 1)",
        link,
        submission);
  }

  static void change(int link, String note) throws SQLException {
    update(
        db,
        "INSERT INTO track_mbid_change (track_mbid_id, account_id, disabled, note)"
            + " VALUES (?, 1, true, ?)",
        link,
        note);
  }

  /** {@code sql}'s rows, columns joined by {@code |}, rows by {@code ;}. */
  static List<String> rows(String sql, Object... params) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.append(i == 1 ? "" : "|").append(rs.getString(i));
          }
          out.add(row.toString());
        }
      }
    }
    return out;
  }

  /** Every table the job may write, as text, for "nothing changed" checks. */
  static String everything() throws SQLException {
    StringBuilder out = new StringBuilder();
    for (String table :
        List.of(
            "track_mbid", "track_mbid_source", "track_mbid_change", "account", "unknown_mbid")) {
      out.append(table).append(":\n").append(snapshot(db, table)).append('\n');
    }
    return out.toString();
  }

  @Test
  void aRedirectedMbidIsMergedIntoTheNewOneForEveryTrack() throws Exception {
    UUID old = UUID.randomUUID();
    UUID target = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    musicBrainz.redirect(old, target);
    int a = track(); // links to both MBIDs, both enabled
    int aOld = link(a, old, 3, false);
    int aNew = link(a, target, 2, false);
    source(aOld, 101);
    source(aOld, 102);
    source(aNew, 103);
    change(aOld, "moderated before the merge");
    int b = track(); // only the old MBID: the new link is created
    int bOld = link(b, old, 4, false);
    source(bOld, 104);
    int c = track(); // the old link disabled by a moderator, the new one enabled
    link(c, old, 1, true);
    link(c, target, 5, false);
    int d = track(); // only a disabled old link: the new link inherits disabled
    link(d, old, 2, true);
    int e = track(); // another MBID of another track stays as it is
    int eOther = link(e, other, 7, false);

    assertThat(job.run(old)).isEqualTo(Outcome.MERGED);

    String links =
        "SELECT t.track_id, t.mbid = ?, t.submission_count, t.disabled,"
            + " (SELECT m.mbid = ? FROM track_mbid m WHERE m.id = t.merged_into)"
            + " FROM track_mbid t WHERE t.track_id IN (?, ?, ?, ?, ?)"
            + " ORDER BY t.track_id, t.mbid = ?";
    Object[] params = {target, target, a, b, c, d, e, target};
    assertThat(rows(links, params))
        .as("track | is new MBID | count | disabled | merged into the new MBID")
        .containsExactly(
            a + "|f|0|t|t", // old: merged, emptied, disabled
            a + "|t|5|f|null", // 2 + 3, enabled AND enabled
            b + "|f|0|t|t",
            b + "|t|4|f|null", // created with 0, + 4
            c + "|f|0|t|t",
            c + "|t|6|f|null", // enabled AND disabled by a moderator: the existing link decides
            d + "|f|0|t|t",
            d + "|t|2|t|null", // created: inherits disabled
            e + "|f|7|f|null");
    assertThat(rows("SELECT merged_into FROM track_mbid WHERE id = ?", aOld))
        .containsExactly(Integer.toString(aNew));
    int bNew =
        Integer.parseInt(
            value(db, "SELECT id FROM track_mbid WHERE track_id = ? AND mbid = ?", b, target));
    assertThat(
            rows(
                "SELECT submission_id, track_mbid_id FROM track_mbid_source"
                    + " WHERE submission_id BETWEEN 101 AND 104 ORDER BY submission_id"))
        .as("the sources of the old links now count for the new ones")
        .containsExactly("101|" + aNew, "102|" + aNew, "103|" + aNew, "104|" + bNew);
    assertThat(
            rows(
                "SELECT track_mbid_id FROM track_mbid_change"
                    + " WHERE note = 'moderated before the merge'"))
        .containsExactly(Integer.toString(aNew));
    assertThat(rows("SELECT count(*) FROM track_mbid WHERE mbid = ?", target))
        .as("one link per track")
        .containsExactly("4");
    assertThat(rows("SELECT submission_count, disabled FROM track_mbid WHERE id = ?", eOther))
        .containsExactly("7|f");

    String after = everything();
    assertThat(job.run(old)).isEqualTo(Outcome.MERGED);
    assertThat(everything()).as("a second run changes nothing more").isEqualTo(after);
  }

  @Test
  void aRecordingMusicBrainzHasChangesNothing() throws Exception {
    UUID known = UUID.randomUUID();
    musicBrainz.recording(known);
    musicBrainz.replicatedAt(T0.plusDays(30));
    link(track(), known, 3, false);
    String before = everything();
    assertThat(job.run(known)).isEqualTo(Outcome.EXISTS);
    assertThat(everything()).isEqualTo(before);
  }

  @Test
  void anUnknownMbidIsDisabledAfterSevenDaysOfReplicationTime() throws Exception {
    checkSevenDayRule(
        job,
        mbid ->
            Instant.ofEpochSecond(
                Long.parseLong(
                    value(
                        db,
                        "SELECT extract(epoch FROM first_missing)::bigint FROM unknown_mbid"
                            + " WHERE mbid = ?",
                        mbid))));
    assertThat(rows("SELECT count(*) FROM account WHERE name = 'acoustid_bot'"))
        .containsExactly("1");
  }

  @Test
  void withRedisTheFirstMissingTimeIsTheUnknownMbidKey() throws Exception {
    try (RedisTaskQueue queue = new RedisTaskQueue(redis.url(), redis.prefix())) {
      MergeMissingMbid withRedis =
          new MergeMissingMbid(db, ClusterSettings.DEFAULT, new RedisUnknownMbids(queue));
      UUID[] seen = new UUID[1];
      checkSevenDayRule(
          withRedis,
          mbid -> {
            seen[0] = mbid;
            return OffsetDateTime.parse(
                    redis.commands().get(redis.prefix() + "unknown_mbid:" + mbid))
                .toInstant();
          });
      assertThat(redis.commands().get(redis.prefix() + "unknown_mbid:" + seen[0]))
          .as("as upstream writes it")
          .isEqualTo("2026-11-02T03:04:05.000000+00:00");

      // a time stored by upstream (Python's isoformat, microseconds) counts the same way
      UUID upstream = UUID.randomUUID();
      int link = link(track(), upstream, 1, false);
      redis
          .commands()
          .set(redis.prefix() + "unknown_mbid:" + upstream, "2026-11-02T03:04:05.123456+00:00");
      musicBrainz.replicatedAt(T0.plusDays(7));
      assertThat(withRedis.run(upstream)).as("not quite 7 days").isEqualTo(Outcome.WAITING);
      musicBrainz.replicatedAt(T0.plusDays(7).plusSeconds(1));
      assertThat(withRedis.run(upstream)).isEqualTo(Outcome.DISABLED);
      assertThat(rows("SELECT disabled FROM track_mbid WHERE id = ?", link)).containsExactly("t");
      assertThat(value(db, "SELECT count(*) FROM unknown_mbid WHERE mbid = ?", upstream))
          .as("nothing in the PostgreSQL fallback when Redis holds the times")
          .isEqualTo("0");
    }
  }

  /** Reads the stored first-missing time of an MBID. */
  interface StoredTime {
    Instant of(UUID mbid) throws Exception;
  }

  /**
   * The unknown branch with {@code job}: first seen at T0 (stored as {@code stored} shows), still
   * enabled 1 s short of 7 days later, disabled at exactly 7 days with one change per enabled link,
   * nothing more on the next run; the stored time never moves.
   */
  static void checkSevenDayRule(MergeMissingMbid job, StoredTime stored) throws Exception {
    UUID missing = UUID.randomUUID();
    int first = link(track(), missing, 3, false);
    int second = link(track(), missing, 1, false);
    int moderated = link(track(), missing, 2, true);
    musicBrainz.replicatedAt(T0);
    String before = snapshot(db, "track_mbid");

    assertThat(job.run(missing)).isEqualTo(Outcome.WAITING);
    assertThat(stored.of(missing)).isEqualTo(T0.toInstant());
    musicBrainz.replicatedAt(T0.plus(Duration.ofDays(7).minusSeconds(1)));
    assertThat(job.run(missing)).isEqualTo(Outcome.WAITING);
    assertThat(snapshot(db, "track_mbid")).as("nothing disabled yet").isEqualTo(before);

    musicBrainz.replicatedAt(T0.plusDays(7));
    assertThat(job.run(missing)).isEqualTo(Outcome.DISABLED);
    assertThat(
            rows(
                "SELECT id, disabled, merged_into FROM track_mbid WHERE mbid = ? ORDER BY id",
                missing))
        .containsExactly(first + "|t|null", second + "|t|null", moderated + "|t|null");
    assertThat(
            rows(
                "SELECT ch.track_mbid_id, a.name, ch.disabled, ch.note FROM track_mbid_change ch"
                    + " JOIN account a ON a.id = ch.account_id"
                    + " WHERE ch.track_mbid_id IN (?, ?, ?) ORDER BY ch.track_mbid_id",
                first,
                second,
                moderated))
        .as("one change per link it disabled, none for the link a moderator had disabled")
        .containsExactly(
            first + "|acoustid_bot|t|MBID has been unknown for too long",
            second + "|acoustid_bot|t|MBID has been unknown for too long");

    String after = everything();
    Instant storedAfter = stored.of(missing);
    musicBrainz.replicatedAt(T0.plusDays(9));
    assertThat(job.run(missing)).isEqualTo(Outcome.DISABLED);
    assertThat(everything()).as("a second run changes nothing more").isEqualTo(after);
    assertThat(stored.of(missing)).as("the first-missing time never moves").isEqualTo(storedAfter);
  }

  @Test
  void withoutAReplicationDateNothingIsRememberedOrDisabled() throws Exception {
    UUID missing = UUID.randomUUID();
    link(track(), missing, 1, false);
    musicBrainz.replicatedAt(null);
    String before = everything();
    assertThat(job.run(missing)).isEqualTo(Outcome.NO_REPLICATION_DATE);
    assertThat(everything()).isEqualTo(before);
  }

  @Test
  void aReplicaDoesNothing() throws Exception {
    UUID old = UUID.randomUUID();
    UUID missing = UUID.randomUUID();
    musicBrainz.redirect(old, UUID.randomUUID());
    link(track(), old, 2, false);
    link(track(), missing, 2, false);
    musicBrainz.replicatedAt(T0.plusDays(100));
    update(db, "INSERT INTO unknown_mbid (mbid, first_missing) VALUES (?, ?)", missing, T0);
    MergeMissingMbid replica =
        new MergeMissingMbid(db, new ClusterSettings("replica", null), new SqlUnknownMbids());
    String before = everything();
    assertThat(replica.run(old)).isEqualTo(Outcome.REPLICA);
    assertThat(replica.run(missing)).isEqualTo(Outcome.REPLICA);
    assertThat(everything()).isEqualTo(before);
  }

  @Test
  void aRunForTheSameMbidInProgressMakesTheSecondOneSkip() throws Exception {
    UUID old = UUID.randomUUID();
    musicBrainz.redirect(old, UUID.randomUUID());
    link(track(), old, 2, false);
    String before = everything();
    try (Connection holder = db.getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement st = holder.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
        st.setInt(1, org.acoustid.server.db.AdvisoryLocks.crc("merge_missing_mbid"));
        st.setInt(2, org.acoustid.server.db.AdvisoryLocks.crc(old.toString()));
        st.execute();
      }
      assertThat(job.run(old)).isEqualTo(Outcome.BUSY);
      holder.rollback();
    }
    assertThat(everything()).isEqualTo(before);
    assertThat(job.run(old)).isEqualTo(Outcome.MERGED);
  }
}
