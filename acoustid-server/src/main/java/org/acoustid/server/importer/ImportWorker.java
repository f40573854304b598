package org.acoustid.server.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.acoustid.server.util.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The importer loop (specification §9.2): one transaction per submission taken from {@code
 * pending_submission} with {@code FOR UPDATE SKIP LOCKED} (so any number of workers share the
 * queue), up to 100 per pass, then an adaptive pause in [1 s, 10 s] that {@link #wake()} cuts
 * short. A failure rolls back, so the pending row survives and is retried.
 */
public final class ImportWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);
  static final int PER_PASS = 100;
  static final long MIN_DELAY_MS = 1000;
  static final long MAX_DELAY_MS = 10_000;

  private final DataSource db;
  private final SubmissionImporter importer;
  private final Runnable afterCommit;
  private final BackgroundLoop loop;
  private long delay = MIN_DELAY_MS;
  private final java.util.concurrent.atomic.AtomicLong importedTotal =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param afterCommit called after each pass that imported something (e.g. to wake the index
   *     updater)
   */
  public ImportWorker(DataSource db, SubmissionImporter importer, Runnable afterCommit) {
    this.db = db;
    this.importer = importer;
    this.afterCommit = afterCommit;
    this.loop = new BackgroundLoop("import-worker", this::sweep, MAX_DELAY_MS);
  }

  /** Counts of one pass. */
  public record Pass(int imported, int skipped, int retried) {
    public int handled() {
      return imported + skipped;
    }
  }

  /** Takes up to {@code max} pending submissions, each in its own transaction. */
  public Pass runPass(int max) throws SQLException {
    int imported = 0;
    int skipped = 0;
    int retried = 0;
    for (int i = 0; i < max; i++) {
      SubmissionImporter.Outcome outcome = importNext(retried);
      if (outcome == null) {
        break;
      }
      switch (outcome) {
        case IMPORTED -> imported++;
        case SKIPPED, GONE -> skipped++;
        case RETRY -> retried++;
      }
    }
    if (imported > 0) {
      importedTotal.addAndGet(imported);
      afterCommit.run();
    }
    return new Pass(imported, skipped, retried);
  }

  /** Submissions this worker imported since it was created. */
  public long importedTotal() {
    return importedTotal.get();
  }

  /** Imports pending submissions until none is left (tests, {@code import}, catch-up). */
  public int drain() throws SQLException {
    int total = 0;
    while (true) {
      Pass pass = runPass(PER_PASS);
      total += pass.handled();
      if (pass.handled() == 0) {
        return total;
      }
    }
  }

  /**
   * Imports submission {@code id} if it is still pending and no other worker holds it, in one
   * transaction; null when there is nothing to do (already imported, or being imported).
   */
  public SubmissionImporter.Outcome importById(int id) throws SQLException {
    SubmissionImporter.Outcome outcome = importPending(id);
    if (outcome == SubmissionImporter.Outcome.IMPORTED) {
      importedTotal.incrementAndGet();
      afterCommit.run();
    }
    return outcome;
  }

  /**
   * One transaction: the next pending id (skipping {@code skip} ids that asked for a retry in this
   * pass), imported, pending row deleted unless it must be retried. Null when the queue is empty.
   */
  private SubmissionImporter.Outcome importNext(int skip) throws SQLException {
    return importOne(
        "SELECT id FROM pending_submission ORDER BY id OFFSET ? LIMIT 1 FOR UPDATE SKIP LOCKED",
        skip);
  }

  private SubmissionImporter.Outcome importPending(int id) throws SQLException {
    return importOne("SELECT id FROM pending_submission WHERE id = ? FOR UPDATE SKIP LOCKED", id);
  }

  /** Takes the pending row {@code select} finds (parameter {@code arg}) and imports it. */
  private SubmissionImporter.Outcome importOne(String select, int arg) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement st = c.createStatement()) {
          st.execute("SET LOCAL statement_timeout = '60s'");
        }
        int id;
        try (PreparedStatement st = c.prepareStatement(select)) {
          st.setInt(1, arg);
          try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
              c.rollback();
              return null;
            }
            id = rs.getInt(1);
          }
        }
        SubmissionImporter.Outcome outcome = importer.importSubmission(c, id);
        if (outcome == SubmissionImporter.Outcome.RETRY) {
          c.rollback();
          return outcome;
        }
        try (PreparedStatement st =
            c.prepareStatement("DELETE FROM pending_submission WHERE id = ?")) {
          st.setInt(1, id);
          st.executeUpdate();
        }
        c.commit();
        return outcome;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Starts sweeping the queue on a platform daemon thread. */
  public ImportWorker start() {
    loop.start();
    return this;
  }

  /** A submission was just committed: start a pass now. */
  public void wake() {
    loop.wake();
  }

  /** One pass of the sweep; the pause after it grows ×1.3 while idle, shrinks ÷1.3 while busy. */
  private long sweep() throws SQLException {
    Pass pass = runPass(PER_PASS);
    if (pass.handled() > 0) {
      log.info("imported {}, skipped {} submission(s)", pass.imported(), pass.skipped());
      delay = Math.max(MIN_DELAY_MS, (long) (delay / 1.3));
    } else {
      delay = Math.min(MAX_DELAY_MS, (long) (delay * 1.3));
    }
    return pass.handled() == PER_PASS ? 0 : delay; // a full pass: more is waiting
  }

  @Override
  public void close() {
    loop.close(10_000);
  }
}
