package org.acoustid.server.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;

/** Conversions between {@code int[]} and PostgreSQL {@code int4[]} (fingerprints, queries). */
public final class SqlArrays {
  private SqlArrays() {}

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
