package org.acoustid.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Submissions: stored in one transaction per request, read back for their import status.
 * Thread-safe.
 */
public final class SubmissionRepository {
  /** One row to store. {@code metaJson} is null when the entry has no text metadata. */
  public record NewSubmission(
      int accountId,
      int applicationId,
      String applicationVersion,
      int[] fingerprint,
      int length,
      Integer bitrate,
      String format,
      String metaJson,
      UUID mbid,
      UUID puid,
      String foreignId) {}

  private final DataSource db;

  public SubmissionRepository(DataSource db) {
    this.db = db;
  }

  /** Inserts all rows and their work-queue entries in one transaction; returns the ids in order. */
  public List<Integer> insertAll(List<NewSubmission> rows) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      boolean ok = false;
      try (PreparedStatement st =
          c.prepareStatement(
              "INSERT INTO submission (account_id, application_id, application_version, fingerprint, length, bitrate,"
                  + " format, meta, mbid, puid, foreignid) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) RETURNING id")) {
        for (NewSubmission s : rows) {
          st.setInt(1, s.accountId());
          st.setInt(2, s.applicationId());
          st.setString(3, s.applicationVersion());
          st.setArray(4, SqlArrays.int4(c, s.fingerprint()));
          st.setInt(5, s.length());
          if (s.bitrate() == null) {
            st.setNull(6, Types.SMALLINT);
          } else {
            st.setInt(6, s.bitrate());
          }
          st.setString(7, s.format());
          st.setString(8, s.metaJson());
          st.setObject(9, s.mbid());
          st.setObject(10, s.puid());
          st.setString(11, s.foreignId());
          try (ResultSet rs = st.executeQuery()) {
            rs.next();
            ids.add(rs.getInt(1));
          }
        }
        // the import worker's queue (§9.1), committed with the rows themselves
        try (PreparedStatement pending =
            c.prepareStatement("INSERT INTO pending_submission (id) SELECT unnest(?::int[])")) {
          pending.setArray(1, c.createArrayOf("int4", ids.toArray()));
          pending.executeUpdate();
        }
        c.commit();
        ok = true;
      } finally {
        if (ok == false) {
          c.rollback();
        }
      }
    }
    return ids;
  }

  /**
   * The gid of the track a submission was imported into, if it was and the fingerprint still
   * exists.
   */
  public Optional<UUID> importedTrack(int submissionId) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT t.gid FROM fingerprint_source fs JOIN fingerprint f ON f.id = fs.fingerprint_id"
                    + " JOIN track t ON t.id = f.track_id WHERE fs.submission_id = ? LIMIT 1")) {
      st.setInt(1, submissionId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of((UUID) rs.getObject(1)) : Optional.empty();
      }
    }
  }
}
