package org.acoustid.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-in-one mode's own PostgreSQL: initialised on first start, migrated, and keeping its data
 * and the local API keys across a restart.
 */
class EmbeddedModeTest {
  @TempDir Path data;

  @Test
  void dataAndKeysSurviveARestart() throws Exception {
    LocalKeys first;
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(data.resolve("postgres"));
        Database db = pg.open(2)) {
      assertThat(db.upgrade()).isEqualTo(4);
      first = LocalKeys.ensure(db.dataSource(), data);
      assertThat(first.applicationKey()).isNotBlank();
      try (Connection c = db.dataSource().getConnection();
          Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO track (gid) VALUES ('9ff43b6a-4f16-427c-93c2-92307ca505e0')");
      }
    }
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(data.resolve("postgres"));
        Database db = pg.open(2)) {
      assertThat(db.upgrade()).as("already migrated").isZero();
      assertThat(LocalKeys.ensure(db.dataSource(), data)).isEqualTo(first);
      try (Connection c = db.dataSource().getConnection();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM track")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }
}
