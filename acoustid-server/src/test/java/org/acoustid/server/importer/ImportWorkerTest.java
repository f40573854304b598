package org.acoustid.server.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.acoustid.server.GoldenFingerprints;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.SubmissionRepository;
import org.acoustid.server.db.SubmissionRepository.NewSubmission;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.ServiceEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Import workers on a real PostgreSQL: sharing the queue, racing on one song, crashing. */
class ImportWorkerTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static final List<String> BATTLE =
      List.of(
          "mus_battle",
          "mus_battle.mp3_64k",
          "mus_battle.noise20db",
          "mus_battle.vol_minus6db",
          "mus_battle.orig");
  static final List<String> ELVISH =
      List.of("mus_elvish", "mus_elvish.mp3_64k", "mus_elvish.noise20db", "mus_elvish.orig");

  Database db;
  LocalFingerprintIndex index;
  int accountId;
  int applicationId;

  @BeforeEach
  void setUp() throws Exception {
    db =
        Database.open(
            pg.jdbcUrl(), ServiceEndpoints.postgresUser(), ServiceEndpoints.postgresPassword(), 8);
    db.upgrade();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "TRUNCATE submission, pending_submission, submission_result, fingerprint_source,"
              + " track_mbid_source, fingerprint, track_mbid, track, fpindex_changelog CASCADE");
    }
    accountId = new AccountRepository(db.dataSource()).create("worker-test").id();
    applicationId = new ApplicationRepository(db.dataSource()).create("app", "1", accountId).id();
    index = LocalFingerprintIndex.inMemory();
  }

  @AfterEach
  void tearDown() {
    index.close();
    db.close();
  }

  List<Integer> submit(List<String> clips) throws Exception {
    return submit(clips, accountId);
  }

  List<Integer> submit(List<String> clips, int account) throws Exception {
    List<NewSubmission> rows = new ArrayList<>();
    for (String clip : clips) {
      rows.add(GoldenFingerprints.load(clip).submission(account, applicationId, UUID.randomUUID()));
    }
    return new SubmissionRepository(db.dataSource()).insertAll(rows);
  }

  ImportWorker worker() {
    return new ImportWorker(
        db.dataSource(), new SubmissionImporter(new FingerprintSearcher(index, 5)), () -> {});
  }

  int scalar(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  List<Integer> tracksOf(List<Integer> submissions) throws Exception {
    List<Integer> tracks = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement("SELECT track_id FROM submission_result WHERE submission_id = ?")) {
      for (int id : submissions) {
        st.setInt(1, id);
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).as("submission %d imported", id).isTrue();
          tracks.add(rs.getInt(1));
        }
      }
    }
    return tracks;
  }

  @Test
  void twoWorkersRacingOnVariantsOfTwoSongsCreateExactlyTwoTracks() throws Exception {
    // interleave the songs so both workers see both at once
    List<String> clips = new ArrayList<>();
    for (int i = 0; i < BATTLE.size(); i++) {
      clips.add(BATTLE.get(i));
      if (i < ELVISH.size()) {
        clips.add(ELVISH.get(i));
      }
    }
    List<Integer> ids = submit(clips);
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        ImportWorker worker = worker();
        done.add(
            pool.submit(() -> {
              start.await();
              return worker.drain();
            }));
      }
      int handled = done.get(0).get() + done.get(1).get();
      assertThat(handled).isEqualTo(ids.size());
    } finally {
      pool.shutdown();
    }
    assertThat(scalar("SELECT count(*) FROM pending_submission")).isZero();
    List<Integer> tracks = tracksOf(ids);
    List<Integer> battle = new ArrayList<>();
    List<Integer> elvish = new ArrayList<>();
    for (int i = 0; i < clips.size(); i++) {
      (clips.get(i).startsWith("mus_battle") ? battle : elvish).add(tracks.get(i));
    }
    assertThat(battle).as("every battle variant in one track").containsOnly(battle.get(0));
    assertThat(elvish).as("every elvish variant in one track").containsOnly(elvish.get(0));
    assertThat(battle.get(0)).isNotEqualTo(elvish.get(0));
    assertThat(scalar("SELECT count(*) FROM track")).isEqualTo(2);
    assertThat(scalar("SELECT count(*) FROM fingerprint_source")).isEqualTo(ids.size());
    assertThat(scalar("SELECT count(*) FROM fpindex_changelog"))
        .as("one changelog row per stored fingerprint")
        .isEqualTo(scalar("SELECT count(*) FROM fingerprint"));
  }

  @Test
  void anImportWaitsForAConcurrentImportOfTheSameSongAndJoinsItsTrack() throws Exception {
    // different simhashes and different users, so neither the per-fingerprint import locks nor
    // the source rows serialise them
    int otherUser = new AccountRepository(db.dataSource()).create("other").id();
    List<Integer> ids = new ArrayList<>(submit(List.of("mus_battle")));
    ids.addAll(submit(List.of("mus_battle.noise20db"), otherUser));
    SubmissionImporter importer = new SubmissionImporter(new FingerprintSearcher(index, 5));
    try (Connection a = db.dataSource().getConnection();
        Connection b = db.dataSource().getConnection()) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      assertThat(importer.importSubmission(a, ids.get(0)))
          .isEqualTo(SubmissionImporter.Outcome.IMPORTED);
      int pidB;
      try (Statement st = b.createStatement();
          ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pidB = rs.getInt(1);
      }
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<SubmissionImporter.Outcome> second =
            pool.submit(() -> importer.importSubmission(b, ids.get(1)));
        // B must block on A's import lock (a condition polled in pg_stat_activity)
        while (scalar(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid = "
                    + pidB)
            == 0) {
          assertThat(second.isDone()).as("B finished while A was uncommitted").isFalse();
          Thread.onSpinWait();
        }
        a.commit();
        assertThat(second.get()).isEqualTo(SubmissionImporter.Outcome.IMPORTED);
        b.commit();
      } finally {
        pool.shutdown();
      }
    }
    List<Integer> tracks = tracksOf(ids);
    assertThat(tracks.get(1))
        .as("the noisy copy joins the track A created")
        .isEqualTo(tracks.get(0));
  }

  @Test
  void aWorkerThatDiesMidImportLeavesTheSubmissionPendingForTheNext() throws Exception {
    int id = submit(List.of("mus_knalgan")).get(0);
    try (Connection c =
        DriverManager.getConnection(
            pg.jdbcUrl(), ServiceEndpoints.postgresUser(), ServiceEndpoints.postgresPassword())) {
      c.setAutoCommit(false);
      SubmissionImporter importer = new SubmissionImporter(new FingerprintSearcher(index, 5));
      assertThat(importer.importSubmission(c, id)).isEqualTo(SubmissionImporter.Outcome.IMPORTED);
      c.abort(Runnable::run); // the worker process dies before it commits
    }
    assertThat(scalar("SELECT count(*) FROM pending_submission")).isEqualTo(1);
    assertThat(scalar("SELECT count(*) FROM fingerprint")).isZero();
    assertThat(scalar("SELECT count(*) FROM submission WHERE handled")).isZero();

    assertThat(worker().drain()).isEqualTo(1);
    assertThat(tracksOf(List.of(id))).hasSize(1);
    assertThat(scalar("SELECT count(*) FROM fingerprint")).isEqualTo(1);
    assertThat(scalar("SELECT count(*) FROM pending_submission")).isZero();
  }

  @Test
  void submissionsWithoutLinksAreHandledWithoutAFingerprint() throws Exception {
    GoldenFingerprints fp = GoldenFingerprints.load("mus_minstrels");
    int id =
        new SubmissionRepository(db.dataSource())
            .insertAll(List.of(fp.submission(accountId, applicationId, null)))
            .get(0);
    assertThat(worker().drain()).isEqualTo(1);
    assertThat(scalar("SELECT count(*) FROM submission WHERE handled AND id = " + id)).isEqualTo(1);
    assertThat(scalar("SELECT count(*) FROM fingerprint")).isZero();
  }
}
