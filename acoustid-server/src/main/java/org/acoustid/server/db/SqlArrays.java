package org.acoustid.server.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.PGStatement;

/** Conversions between {@code int[]} and PostgreSQL {@code int4[]} (fingerprints, queries). */
public final class SqlArrays {
  private SqlArrays() {}

  /**
   * Asks the driver for PostgreSQL's binary format on {@code st} from its first execution: text
   * arrays are parsed character by character (and quadratically in pgjdbc), binary ones are copied.
   * For every statement that reads fingerprints.
   */
  public static <T extends PreparedStatement> T binary(T st) throws SQLException {
    st.unwrap(PGStatement.class).setPrepareThreshold(-1);
    return st;
  }

  public static int[] ints(Array array) throws SQLException {
    Integer[] boxed = (Integer[]) array.getArray();
    int[] out = new int[boxed.length];
    for (int i = 0; i < boxed.length; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  public static Array int4(Connection c, int[] values) throws SQLException {
    Integer[] boxed = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return c.createArrayOf("int4", boxed);
  }
}
