package org.acoustid.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.acoustid.server.GoldenFingerprints;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.SubmissionRepository;
import org.acoustid.server.db.SubmissionRepository.NewSubmission;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.server.importer.ImportWorker;
import org.acoustid.server.importer.SubmissionImporter;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.testing.NatsFixture;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.ServiceEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Submission notices on the real NATS JetStream, consumed by import workers that do not sweep. */
class SubmissionQueueTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  @RegisterExtension static final NatsFixture nats = new NatsFixture();

  @Test
  void noticesAreImportedByTwoConsumersAndAcknowledgedAfterCommit() throws Exception {
    NatsSettings settings =
        new NatsSettings(
            ServiceEndpoints.natsUrl(),
            nats.streamPrefix() + "SUBMISSIONS",
            nats.subjectPrefix() + "submissions");
    try (Database db = TestDatabases.migrated(pg);
        LocalFingerprintIndex index = LocalFingerprintIndex.inMemory()) {
      int account = new AccountRepository(db.dataSource()).create("nats").id();
      int app = new ApplicationRepository(db.dataSource()).create("nats", "1", account).id();
      List<NewSubmission> rows = new ArrayList<>();
      for (String clip : List.of("mus_battle", "mus_elvish", "mus_knalgan", "mus_minstrels")) {
        rows.add(GoldenFingerprints.load(clip).submission(account, app, UUID.randomUUID()));
      }
      List<Integer> ids = new SubmissionRepository(db.dataSource()).insertAll(rows);
      // two workers that never sweep the table: only the notices can make them import
      ImportWorker first =
          new ImportWorker(
              db.dataSource(), new SubmissionImporter(new FingerprintSearcher(index, 5)), () -> {});
      ImportWorker second =
          new ImportWorker(
              db.dataSource(), new SubmissionImporter(new FingerprintSearcher(index, 5)), () -> {});
      try (SubmissionQueue api = SubmissionQueue.connect(settings);
          SubmissionQueue a = SubmissionQueue.connect(settings).consume(first);
          SubmissionQueue b = SubmissionQueue.connect(settings).consume(second)) {
        api.published(ids);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (pending(db) > 0 && Instant.now().isBefore(deadline)) {
          Thread.sleep(20); // waiting for a condition, not timing it
        }
        assertThat(pending(db)).isZero();
        assertThat(first.importedTotal() + second.importedTotal()).isEqualTo(ids.size());
        assertThat(api.publishFailures()).isZero();
        // acknowledged: nothing is left in the work-queue stream
        Instant drained = Instant.now().plus(Duration.ofSeconds(10));
        long left = Long.MAX_VALUE;
        while (left > 0 && Instant.now().isBefore(drained)) {
          left =
              nats.connection()
                  .jetStreamManagement()
                  .getStreamInfo(settings.stream())
                  .getStreamState()
                  .getMsgCount();
          Thread.sleep(20);
        }
        assertThat(left).isZero();
      }
    }
  }

  static long pending(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pending_submission")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
