package org.acoustid.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body under construction; repeated names keep every
 * value in order. Not thread-safe.
 */
final class FormBody {
  private final Map<String, List<String>> fields = new LinkedHashMap<>();

  FormBody add(String name, Object value) {
    if (value != null) {
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value.toString());
    }
    return this;
  }

  FormBody addAll(Map<String, List<String>> more) {
    more.forEach((name, values) -> values.forEach(v -> add(name, v)));
    return this;
  }

  byte[] encode() {
    return toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    fields.forEach((name, values) -> {
      for (String value : values) {
        if (out.isEmpty() == false) {
          out.append('&');
        }
        out.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    });
    return out.toString();
  }

  /** Encoded length of {@code fields} as they would appear in a body (with separators). */
  static int encodedLength(Map<String, List<String>> fields) {
    return new FormBody().addAll(fields).encode().length + 1;
  }
}
