package org.acoustid.server.cron;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import javax.sql.DataSource;
import org.acoustid.server.stats.LookupCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run cron}: the periodic jobs, run by one process at a time. Leadership is a PostgreSQL
 * session advisory lock held on a dedicated connection: if the leader dies, its session ends, the
 * lock is released and a standby takes over within its next attempt (every 30 s). Jobs: the daily
 * stats at 00:10 server time (and at start when the day has none yet); the changelog partitions
 * hourly ({@link ChangelogPartitions}); with Redis, the lookup counters every tick and the
 * user-agent counters hourly.
 */
public final class CronRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CronRunner.class);

  /** The advisory lock key of the cron leader ("acoustid.cron"). */
  static final long LEADER_LOCK = 0x6163_6f75_6372_6f6eL;

  static final LocalTime STATS_AT = LocalTime.of(0, 10);

  private final DataSource db;
  private final LookupCounters counters;
  private Connection leaderConnection;
  private int userAgentsFlushedHour = -1;
  private int partitionsCheckedHour = -1;
  private LocalDate statsDoneFor;
  private volatile boolean closed;
  private Thread thread;

  public CronRunner(DataSource db) {
    this(db, null);
  }

  /** With {@code counters} (null: none), flushed to SQL every tick and hourly (§12.3). */
  public CronRunner(DataSource db, LookupCounters counters) {
    this.db = db;
    this.counters = counters;
  }

  /** Tries to become the leader; true when this runner holds the lock. */
  public boolean tryLead() throws SQLException {
    if (leaderConnection != null && !leaderConnection.isClosed()) {
      return true;
    }
    Connection c = db.getConnection();
    try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      st.setLong(1, LEADER_LOCK);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          leaderConnection = c;
          return true;
        }
      }
    }
    c.close();
    return false;
  }

  /** Runs whatever is due at {@code now}; only the leader runs jobs. */
  public void tick(LocalDateTime now) throws SQLException {
    if (!tryLead()) {
      return;
    }
    LocalDate day = now.toLocalDate();
    boolean due = !now.toLocalTime().isBefore(STATS_AT) || statsDoneFor == null;
    if (due && !day.equals(statsDoneFor) && !statsExist(day)) {
      var stats = DailyStats.update(db, day);
      log.info(
          "daily stats of {}: {} fingerprints, {} tracks",
          day,
          stats.get("fingerprint.all"),
          stats.get("track.all"));
    }
    statsDoneFor = day;
    if (now.getHour() != partitionsCheckedHour) {
      partitionsCheckedHour = now.getHour();
      try {
        ChangelogPartitions.maintain(db, day);
      } catch (SQLException e) {
        // a lock timeout on a busy table, typically: the next hour retries, leadership stays
        log.warn("changelog partition maintenance failed: {}", e.toString());
      }
    }
    if (counters != null) {
      counters.flushLookups(db);
      if (now.getHour() != userAgentsFlushedHour) {
        counters.flushUserAgents(db);
        userAgentsFlushedHour = now.getHour();
      }
    }
  }

  private boolean statsExist(LocalDate day) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement("SELECT 1 FROM stats WHERE date = ? AND name = 'track.all'")) {
      st.setObject(1, day);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  public CronRunner start() {
    thread =
        Thread.ofPlatform()
            .name("cron")
            .daemon()
            .start(() -> {
              while (!closed) {
                try {
                  tick(LocalDateTime.now());
                } catch (Exception e) {
                  log.warn("cron tick failed: {}", e.toString());
                  releaseLeadership();
                }
                try {
                  Thread.sleep(30_000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    return this;
  }

  private void releaseLeadership() {
    if (leaderConnection != null) {
      // a pooled connection outlives close(): unlock explicitly before giving it back
      try (PreparedStatement st =
          leaderConnection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        st.setLong(1, LEADER_LOCK);
        st.execute();
      } catch (SQLException e) {
        log.debug("unlocking the cron leadership: {}", e.toString());
      }
      try {
        leaderConnection.close();
      } catch (SQLException e) {
        log.debug("closing the leader connection: {}", e.toString());
      }
      leaderConnection = null;
    }
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    releaseLeadership();
  }
}
