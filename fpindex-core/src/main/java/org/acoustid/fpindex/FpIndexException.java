package org.acoustid.fpindex;

/** Base of the index's unchecked failures. */
public class FpIndexException extends RuntimeException {
  public FpIndexException(String message) {
    super(message);
  }

  public FpIndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
