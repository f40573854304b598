package org.acoustid.fpindex;

/** Create with expectDoesNotExist found an index (or one being deleted). */
public class IndexAlreadyExistsException extends FpIndexException {
  public IndexAlreadyExistsException(String message) {
    super(message);
  }

  public IndexAlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
