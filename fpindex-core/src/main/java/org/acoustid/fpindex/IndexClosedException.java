package org.acoustid.fpindex;

/**
 * The index is closed: by {@link FpIndex#close()}, or by itself after a write failed half-way (the
 * cause is then that failure), so that it never serves a state that disagrees with its log.
 */
public final class IndexClosedException extends FpIndexException {
  public IndexClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
