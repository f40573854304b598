package org.acoustid.chromaprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Chromaprint golden data of {@code shared/testdata/chromaprint}, found beside the checkout (as
 * CI lays it out) or at {@code -Dacoustid.testdata=DIR}.
 */
final class GoldenData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GoldenData() {}

  static Path dir() {
    String given = System.getProperty("acoustid.testdata");
    if (given != null) {
      return Path.of(given).resolve("chromaprint");
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path candidate = p.resolve("shared/testdata/chromaprint");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      candidate = p.resolveSibling("shared").resolve("testdata/chromaprint");
      if (p.getParent() != null && Files.isDirectory(candidate)) {
        return candidate;
      }
      p = p.getParent();
    }
    throw new IllegalStateException(
        "golden data not found: expected shared/testdata/chromaprint beside the checkout, or -Dacoustid.testdata=DIR");
  }

  static JsonNode json(String relative) throws IOException {
    return JSON.readTree(dir().resolve(relative).toFile());
  }

  /** The raw fingerprint of an fpcalc {@code -raw -json} file, as unsigned items in ints. */
  static int[] raw(String relative) throws IOException {
    JsonNode items = json(relative).get("fingerprint");
    int[] raw = new int[items.size()];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (int) items.get(i).asLong();
    }
    return raw;
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) array.get(i).asLong();
    }
    return out;
  }
}
