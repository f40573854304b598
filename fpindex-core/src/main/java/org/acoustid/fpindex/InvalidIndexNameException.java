package org.acoustid.fpindex;

/** An index name outside [A-Za-z0-9_-]{1,255}. */
public class InvalidIndexNameException extends FpIndexException {
  public InvalidIndexNameException(String message) {
    super(message);
  }

  public InvalidIndexNameException(String message, Throwable cause) {
    super(message, cause);
  }
}
