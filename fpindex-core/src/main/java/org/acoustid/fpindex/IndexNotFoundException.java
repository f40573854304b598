package org.acoustid.fpindex;

/** No index of that name exists. */
public class IndexNotFoundException extends FpIndexException {
  public IndexNotFoundException(String message) {
    super(message);
  }

  public IndexNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
