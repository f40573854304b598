package org.acoustid.fpindex;

/** A search passed its deadline; no partial results are returned. */
public class SearchTimeoutException extends FpIndexException {
  public SearchTimeoutException(String message) {
    super(message);
  }

  public SearchTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
