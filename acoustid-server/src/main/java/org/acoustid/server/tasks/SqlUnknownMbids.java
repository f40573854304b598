package org.acoustid.server.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * First-missing times in the table {@code unknown_mbid} (migration V4), written in the caller's
 * transaction, so the time is stored exactly when the job that found the MBID missing commits.
 * Stateless.
 */
public final class SqlUnknownMbids implements UnknownMbids {
  @Override
  public OffsetDateTime firstMissing(Connection c, UUID mbid, OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO unknown_mbid (mbid, first_missing) VALUES (?, ?)"
                + " ON CONFLICT (mbid) DO NOTHING")) {
      st.setObject(1, mbid);
      st.setObject(2, now);
      st.executeUpdate();
    }
    try (PreparedStatement st =
        c.prepareStatement("SELECT first_missing FROM unknown_mbid WHERE mbid = ?")) {
      st.setObject(1, mbid);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getObject(1, OffsetDateTime.class);
      }
    }
  }
}
