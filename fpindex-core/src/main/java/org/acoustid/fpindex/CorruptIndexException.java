package org.acoustid.fpindex;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file of the index failed a format or checksum check; names the file, offset and expectation.
 */
public final class CorruptIndexException extends IOException {
  private final Path file;

  public CorruptIndexException(Path file, long offset, String what) {
    super(file + " at offset " + offset + ": " + what);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
