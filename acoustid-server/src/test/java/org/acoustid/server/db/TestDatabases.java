package org.acoustid.server.db;

import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.ServiceEndpoints;

/** The per-class test database of a {@link PostgresFixture}, opened and migrated. */
public final class TestDatabases {
  private TestDatabases() {}

  /** Opens {@code pg}'s database with the test credentials and applies every migration. */
  public static Database migrated(PostgresFixture pg) {
    Database db =
        Database.open(
            pg.jdbcUrl(), ServiceEndpoints.postgresUser(), ServiceEndpoints.postgresPassword());
    db.upgrade();
    return db;
  }
}
