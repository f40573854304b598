package org.acoustid.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's golden data ({@code shared/testdata}), found beside the checkout (as CI lays it
 * out) or at {@code -Dacoustid.testdata=DIR}.
 */
public final class SharedTestData {
  private SharedTestData() {}

  /** The directory {@code shared/testdata/<name>}, e.g. {@code chromaprint}. */
  public static Path dir(String name) {
    String given = System.getProperty("acoustid.testdata");
    if (given != null) {
      return Path.of(given).resolve(name);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path candidate = p.resolve("shared/testdata").resolve(name);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      candidate = p.resolveSibling("shared").resolve("testdata").resolve(name);
      if (p.getParent() != null && Files.isDirectory(candidate)) {
        return candidate;
      }
      p = p.getParent();
    }
    throw new IllegalStateException(
        "golden data not found: expected shared/testdata/"
            + name
            + " beside the checkout, or -Dacoustid.testdata=DIR");
  }
}
