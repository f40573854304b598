package org.acoustid.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A minimal MusicBrainz replica in schema {@code musicbrainz} of a test database, with the columns
 * the service reads (specification §8.7): recordings, artists and credits, recording redirects and
 * the replication date. Every method may be called again on the same database.
 */
public final class TestMusicBrainz {
  private final DataSource db;

  private TestMusicBrainz(DataSource db) {
    this.db = db;
  }

  /** Creates the schema and its tables in {@code db} when missing. */
  public static TestMusicBrainz create(DataSource db) throws SQLException {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS musicbrainz");
      st.execute(
          "CREATE TABLE IF NOT EXISTS musicbrainz.recording (id serial PRIMARY KEY, gid uuid,"
              + " name text, length int, artist_credit int)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS musicbrainz.artist (id int PRIMARY KEY, gid uuid, name text)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS musicbrainz.artist_credit_name (artist_credit int,"
              + " position int, artist int, name text, join_phrase text)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS musicbrainz.recording_gid_redirect (gid uuid PRIMARY KEY,"
              + " new_id int NOT NULL, created timestamptz DEFAULT now())");
      st.execute(
          "CREATE TABLE IF NOT EXISTS musicbrainz.replication_control (id serial PRIMARY KEY,"
              + " current_schema_sequence int, current_replication_sequence int,"
              + " last_replication_date timestamptz)");
    }
    return new TestMusicBrainz(db);
  }

  /** Adds a recording {@code gid} named {@code name}; returns its row id. */
  public int recording(UUID gid, String name, Integer lengthMs, Integer artistCredit)
      throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO musicbrainz.recording (gid, name, length, artist_credit)"
                    + " VALUES (?, ?, ?, ?) RETURNING id")) {
      st.setObject(1, gid);
      st.setString(2, name);
      st.setObject(3, lengthMs, java.sql.Types.INTEGER);
      st.setObject(4, artistCredit, java.sql.Types.INTEGER);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Adds a recording {@code gid} without data; returns its row id. */
  public int recording(UUID gid) throws SQLException {
    return recording(gid, "Recording " + gid, null, null);
  }

  /** Makes {@code oldGid} redirect to the recording {@code newGid} (merged in MusicBrainz). */
  public void redirect(UUID oldGid, UUID newGid) throws SQLException {
    int newId = recording(newGid);
    TestDatabases.update(
        db,
        "INSERT INTO musicbrainz.recording_gid_redirect (gid, new_id) VALUES (?, ?)",
        oldGid,
        newId);
  }

  /** Sets the replication date (null: a replica that has not replicated yet). */
  public void replicatedAt(OffsetDateTime date) throws SQLException {
    TestDatabases.update(db, "DELETE FROM musicbrainz.replication_control");
    TestDatabases.update(
        db,
        "INSERT INTO musicbrainz.replication_control (current_schema_sequence,"
            + " current_replication_sequence, last_replication_date) VALUES (30, 1, ?)",
        date);
  }
}
