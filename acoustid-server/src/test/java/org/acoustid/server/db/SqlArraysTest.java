package org.acoustid.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.Seeded;
import org.acoustid.testing.ServiceEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code int4[]} values read back from the real PostgreSQL as they were written, through the binary
 * decoder and through the driver's own array decoding.
 */
@Seeded
class SqlArraysTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        pg.jdbcUrl(), ServiceEndpoints.postgresUser(), ServiceEndpoints.postgresPassword());
  }

  static int[] roundTrip(Connection c, int[] values, boolean binary) throws SQLException {
    PreparedStatement st = c.prepareStatement("SELECT ?::int4[]");
    if (binary) {
      SqlArrays.binary(st);
    }
    try (st) {
      st.setArray(1, SqlArrays.int4(c, values));
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        if (binary == false) {
          return SqlArrays.ints(rs.getArray(1)); // the driver's own decoding, as the reference
        }
        // the fast path needs the driver's binary transfer (text arrays start with '{')
        assertThat(rs.getBytes(1)[0]).as("binary transfer").isZero();
        return SqlArrays.ints(rs, 1);
      }
    }
  }

  @Test
  void intArraysRoundTripInBinaryAndTextStatements(Random random) throws SQLException {
    try (Connection c = connect()) {
      for (int round = 0; round < 40; round++) {
        int[] values = random.ints(random.nextInt(round < 5 ? 3 : 1200)).toArray();
        if (round == 1) {
          values = new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE};
        }
        assertThat(roundTrip(c, values, true)).as("binary, round %d", round).isEqualTo(values);
        assertThat(roundTrip(c, values, false)).as("driver, round %d", round).isEqualTo(values);
      }
    }
  }

  @Test
  void nullsAreRefusedOrNull() throws SQLException {
    try (Connection c = connect();
        PreparedStatement st =
            SqlArrays.binary(c.prepareStatement("SELECT '{1,NULL}'::int4[], NULL::int4[]"));
        ResultSet rs = st.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThatThrownBy(() -> SqlArrays.ints(rs, 1))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("NULL elements");
      assertThat(SqlArrays.ints(rs, 2)).isNull();
    }
  }
}
