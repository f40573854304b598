package org.acoustid.server.db;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.CRC32;

/**
 * Named PostgreSQL advisory locks held to the end of the caller's transaction: the two-key form
 * {@code (CRC32(name) & 0x7FFFFFFF, key)}, so locks of different purposes ({@code import.mbid},
 * {@code merge_missing_mbid}, …) never collide on equal keys. Stateless.
 */
public final class AdvisoryLocks {
  private AdvisoryLocks() {}

  /** {@code pg_try_advisory_xact_lock(crc(name), key)}: false when another transaction has it. */
  public static boolean tryXactLock(Connection c, String name, int key) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
      st.setInt(1, crc(name));
      st.setInt(2, key);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** {@code pg_advisory_xact_lock(crc(name), key)}: waits while another transaction has it. */
  public static void xactLock(Connection c, String name, int key) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      st.setInt(1, crc(name));
      st.setInt(2, key);
      st.execute();
    }
  }

  /** The non-negative CRC32 of {@code text}'s UTF-8 bytes, as a lock key. */
  public static int crc(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() & 0x7FFFFFFF);
  }
}
