package org.acoustid.server.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.acoustid.server.db.SqlArrays;
import org.acoustid.server.util.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails {@code fpindex_changelog} (specification §10.2) into a {@link FingerprintIndex}: reads rows
 * with {@code id > position} in id order, which is commit order, and applies each batch together
 * with its last id. Polls every second and whenever {@link #wake()} says an import committed.
 */
public final class IndexUpdater implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IndexUpdater.class);
  static final int BATCH = 1000;

  private final DataSource db;
  private final FingerprintIndex index;
  private final long pollMs;
  private final BackgroundLoop loop;
  private volatile boolean belowRetentionWarned;

  public IndexUpdater(DataSource db, FingerprintIndex index, long pollMs) {
    this.db = db;
    this.index = index;
    this.pollMs = pollMs;
    this.loop =
        new BackgroundLoop(
            "index-updater",
            () -> {
              long n = catchUp();
              if (n > 0) {
                log.debug(
                    "indexed {} fingerprint(s), changelog position {}",
                    n,
                    index.changelogPosition());
              }
              return pollMs;
            },
            pollMs);
  }

  /** Applies every committed changelog row not yet in the index; returns how many it applied. */
  public long catchUp() throws Exception {
    long applied = 0;
    while (true) {
      int n = applyBatch();
      applied += n;
      if (n < BATCH) {
        return applied;
      }
    }
  }

  private int applyBatch() throws Exception {
    long position = index.changelogPosition();
    List<FingerprintIndex.Entry> entries = new ArrayList<>();
    long last = position;
    try (Connection c = db.getConnection()) {
      warnWhenBelowRetention(c, position);
      try (PreparedStatement st =
          SqlArrays.binary(
              c.prepareStatement(
                  "SELECT id, fingerprint_id, query FROM fpindex_changelog"
                      + " WHERE id > ? ORDER BY id LIMIT "
                      + BATCH))) {
        st.setLong(1, position);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            last = rs.getLong(1);
            entries.add(new FingerprintIndex.Entry(rs.getInt(2), SqlArrays.ints(rs.getArray(3))));
          }
        }
      }
    }
    if (!entries.isEmpty()) {
      index.apply(entries, last);
    }
    return entries.size();
  }

  /**
   * Changelog rows up to {@code fpindex_meta.last_deleted_id} were dropped with their partition
   * (cron, §10.2): an index behind that misses fingerprints the tail can no longer bring. Said once
   * per process, loudly; the cure is a rebuild from the fingerprint table.
   */
  private void warnWhenBelowRetention(Connection c, long position) throws SQLException {
    if (belowRetentionWarned) {
      return;
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT last_deleted_id FROM fpindex_meta")) {
      if (rs.next() && rs.getLong(1) > position) {
        belowRetentionWarned = true;
        log.error(
            "the fingerprint index is at changelog position {}, but rows up to {} were dropped:"
                + " it misses fingerprints; rebuild it with `acoustid index rebuild`",
            position,
            rs.getLong(1));
      }
    }
  }

  /** Starts tailing the changelog on a platform daemon thread. */
  public IndexUpdater start() {
    loop.start();
    return this;
  }

  /** Asks the loop to look at the changelog now (an import has just committed). */
  public void wake() {
    loop.wake();
  }

  @Override
  public void close() {
    loop.close(5000);
  }
}
