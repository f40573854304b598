package org.acoustid.fpindex.server.cluster;

/** The feed does not accept writes (HTTP 403, {@code FeedIsReadOnly}). */
public final class FeedReadOnlyException extends ChangelogException {
  public FeedReadOnlyException(String message) {
    super(message);
  }
}
