package org.acoustid.chromaprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.acoustid.testing.SharedTestData;

/** The Chromaprint golden data of {@code shared/testdata/chromaprint} ({@link SharedTestData}). */
final class GoldenData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GoldenData() {}

  static Path dir() {
    return SharedTestData.dir("chromaprint");
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
