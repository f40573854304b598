package org.acoustid.fpindex.server.cluster;

import java.io.IOException;

/** The changelog could not be reached or answered with an error ({@code CoordinatorError}). */
public class ChangelogException extends IOException {
  public ChangelogException(String message) {
    super(message);
  }

  public ChangelogException(String message, Throwable cause) {
    super(message, cause);
  }
}
