package org.acoustid.fpindex;

/** The active index has an older generation than the one requested. */
public class OlderIndexAlreadyExistsException extends IndexAlreadyExistsException {
  public OlderIndexAlreadyExistsException(String message) {
    super(message);
  }

  public OlderIndexAlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
