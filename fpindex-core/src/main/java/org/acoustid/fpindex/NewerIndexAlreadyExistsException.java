package org.acoustid.fpindex;

/** The active index (or the name's history) has a newer generation than requested. */
public class NewerIndexAlreadyExistsException extends IndexAlreadyExistsException {
  public NewerIndexAlreadyExistsException(String message) {
    super(message);
  }

  public NewerIndexAlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
