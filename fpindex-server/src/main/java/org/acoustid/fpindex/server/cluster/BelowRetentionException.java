package org.acoustid.fpindex.server.cluster;

/**
 * The feed no longer holds the entries right above the requested position: they were dropped by
 * retention (HTTP 410 in the coordinator protocol). A replica heals by a peer snapshot.
 */
public final class BelowRetentionException extends ChangelogException {
  public BelowRetentionException(String message) {
    super(message);
  }
}
