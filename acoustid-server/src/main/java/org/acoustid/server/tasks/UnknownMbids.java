package org.acoustid.server.tasks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * When each MBID was first found missing from MusicBrainz, in MusicBrainz replication time
 * (specification §13.3): in Redis ({@code unknown_mbid:<mbid>}, {@link RedisUnknownMbids}) when a
 * deployment has Redis, else in the table {@code unknown_mbid} (migration V4, {@link
 * SqlUnknownMbids}). A time once stored is kept: it is never moved or cleared.
 */
public interface UnknownMbids {
  /**
   * The time {@code mbid} was first found missing; when none is stored yet, stores {@code now} and
   * returns it. Runs under the caller's {@code merge_missing_mbid} lock of the MBID, on its
   * transaction {@code c}.
   */
  OffsetDateTime firstMissing(Connection c, UUID mbid, OffsetDateTime now) throws SQLException;
}
