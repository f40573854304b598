package org.acoustid.fpindex.server.cluster;

/**
 * A write reached the changelog but this node did not apply it within the budget ({@code 503
 * ReplicationTimeout}). The write is not lost: the node applies it when it catches up.
 */
public final class ReplicationTimeoutException extends RuntimeException {
  public ReplicationTimeoutException(String message) {
    super(message);
  }
}
