package org.acoustid.chromaprint;

import java.nio.file.Path;

/** Public access to {@link GoldenData#dir()} for tests in other packages. */
public final class GoldenDataAccess {
  private GoldenDataAccess() {}

  public static Path dir() {
    return GoldenData.dir();
  }
}
