package org.acoustid.server.web;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request parameters: the query string first, then the form body (non-GET requests only), as
 * upstream merges them: a single-valued parameter takes the first occurrence, multi-valued ones
 * take all of them, query string first (§2.2).
 */
public final class Parameters {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  public static Parameters of(String uri, String formBody) {
    Parameters p = new Parameters();
    p.addAll(new QueryStringDecoder(uri, StandardCharsets.UTF_8).parameters());
    if (formBody != null && formBody.isEmpty() == false) {
      p.addAll(new QueryStringDecoder(formBody, StandardCharsets.UTF_8, false).parameters());
    }
    return p;
  }

  private void addAll(Map<String, List<String>> more) {
    more.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
  }

  /** The first value, or null. */
  public String first(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** All parameter names present. */
  public java.util.Set<String> names() {
    return values.keySet();
  }

  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** An integer parameter; values that do not parse count as absent (§2.2). */
  public Integer integer(String name) {
    String v = first(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
