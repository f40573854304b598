package org.acoustid.server.db;

import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

  /**
   * Column {@code column} of {@code rs}, an {@code int4[]} without NULL elements, as {@code int[]}.
   * On a {@link #binary} statement the driver hands over PostgreSQL's binary array as bytes, which
   * are decoded here directly: {@link #ints(Array)} would box every element into an {@code Integer}
   * first (ten stored fingerprints per lookup, about a thousand items each). Other statements fall
   * back to the driver's array. SQL NULL is null.
   */
  public static int[] ints(ResultSet rs, int column) throws SQLException {
    byte[] bytes = rs.getBytes(column);
    if (bytes == null) {
      return null;
    }
    if (bytes.length >= 12
        && bytes[0] == 0) { // binary: ndim as a big-endian int32 (text starts '{')
      return fromBinary(bytes);
    }
    return ints(rs.getArray(column));
  }

  /**
   * Decodes PostgreSQL's binary {@code int4[]} ({@code array_send}): ndim, has-nulls flag, element
   * type, then size and lower bound per dimension, then each element as length and value, all
   * big-endian.
   */
  static int[] fromBinary(byte[] bytes) throws SQLException {
    ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian
    int dimensions = in.getInt();
    boolean hasNulls = in.getInt() != 0;
    int elementType = in.getInt();
    if (dimensions == 0) {
      return new int[0];
    }
    if (hasNulls) {
      throw new SQLException("int4[] with NULL elements where a fingerprint was expected");
    }
    if (dimensions != 1 || elementType != INT4_OID) {
      throw new SQLException(
          "expected a one-dimensional int4[], got "
              + dimensions
              + " dimensions of type "
              + elementType);
    }
    int size = in.getInt();
    in.getInt(); // lower bound
    if (size < 0 || (long) size * 8 != in.remaining()) {
      throw new SQLException("int4[] of " + size + " elements in " + in.remaining() + " bytes");
    }
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      int length = in.getInt();
      if (length != 4) {
        throw new SQLException(
            "int4[] element " + i + (length < 0 ? " is NULL" : " has " + length + " bytes"));
      }
      out[i] = in.getInt();
    }
    return out;
  }

  /** PostgreSQL's type oid of {@code int4}. */
  static final int INT4_OID = 23;

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
