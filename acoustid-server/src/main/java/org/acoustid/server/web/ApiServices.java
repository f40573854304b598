package org.acoustid.server.web;

import javax.sql.DataSource;
import org.acoustid.server.db.ApplicationCache;
import org.acoustid.server.lookup.FingerprintSearcher;

/**
 * What the API front needs: the database, the fingerprint search and a hook called after a submit
 * commits (the all-in-one mode wakes its importer with it; elsewhere it does nothing).
 */
public record ApiServices(
    DataSource db,
    FingerprintSearcher searcher,
    Runnable submitted,
    ApplicationCache applications) {
  public ApiServices(DataSource db, FingerprintSearcher searcher, Runnable submitted) {
    this(db, searcher, submitted, new ApplicationCache(db));
  }
}
