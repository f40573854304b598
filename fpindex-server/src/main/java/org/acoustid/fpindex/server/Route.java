package org.acoustid.fpindex.server;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes of an index node, and the matcher that maps (method, path) to one of them.
 *
 * <p>Paths are split on {@code /} with empty segments ignored and no percent-decoding; the query
 * string is ignored. Static segments beat parameters, so {@code POST /i/_search} is a search while
 * {@code GET /i/_search} falls through to {@code GET /:index/:id} and fails to parse its id.
 */
public enum Route {
  HEALTH,
  METRICS,
  INDEX_CREATE,
  INDEX_DELETE,
  INDEX_EXISTS,
  INDEX_INFO,
  INDEX_HEALTH,
  SEARCH,
  UPDATE,
  PEER_STATUS,
  PEER_SNAPSHOT,
  FINGERPRINT_PUT,
  FINGERPRINT_DELETE,
  FINGERPRINT_GET,
  FINGERPRINT_EXISTS;

  /**
   * A matched route with its path parameters.
   *
   * @param index the {@code :index} segment, or null
   * @param id the raw {@code :id} segment, or null (parsed by the handler, after routing)
   */
  public record Match(Route route, String index, String id) {}

  /** The route for a request, or null when none matches (404 NotFound). */
  public static Match match(HttpMethod method, String uri) {
    List<String> s = segments(uri);
    boolean get = method.equals(HttpMethod.GET);
    boolean head = method.equals(HttpMethod.HEAD);
    boolean put = method.equals(HttpMethod.PUT);
    boolean post = method.equals(HttpMethod.POST);
    boolean delete = method.equals(HttpMethod.DELETE);
    switch (s.size()) {
      case 1 -> {
        String first = s.get(0);
        if ((get || head) && first.equals("_health")) {
          return new Match(HEALTH, null, null);
        }
        if (get && first.equals("_metrics")) {
          return new Match(METRICS, null, null);
        }
        if (put) {
          return new Match(INDEX_CREATE, first, null);
        }
        if (delete) {
          return new Match(INDEX_DELETE, first, null);
        }
        if (head) {
          return new Match(INDEX_EXISTS, first, null);
        }
        if (get) {
          return new Match(INDEX_INFO, first, null);
        }
        return null;
      }
      case 2 -> {
        String index = s.get(0);
        String second = s.get(1);
        Route fixed =
            switch (second) {
              case "_health" -> get || head ? INDEX_HEALTH : null;
              case "_search" -> post ? SEARCH : null;
              case "_update" -> post ? UPDATE : null;
              case "_status" -> get ? PEER_STATUS : null;
              case "_snapshot" -> get ? PEER_SNAPSHOT : null;
              default -> null;
            };
        if (fixed != null) {
          return new Match(fixed, index, null);
        }
        Route byId =
            put
                ? FINGERPRINT_PUT
                : delete
                    ? FINGERPRINT_DELETE
                    : get ? FINGERPRINT_GET : head ? FINGERPRINT_EXISTS : null;
        return byId == null ? null : new Match(byId, index, second);
      }
      default -> {
        return null;
      }
    }
  }

  static List<String> segments(String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    List<String> out = new ArrayList<>(3);
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      if (end > start) {
        out.add(path.substring(start, end));
        if (out.size() > 2) {
          return out; // longer than any route
        }
      }
      start = end + 1;
    }
    return out;
  }

  /** Parses a decimal u32 {@code :id}; anything else is {@code BadRequest}. 0 parses. */
  public static int parseId(String raw) {
    if (raw.isEmpty() || raw.length() > 10) {
      throw ApiException.badRequest("fingerprint id must be a decimal u32, got id=" + raw);
    }
    long value = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < '0' || c > '9') {
        throw ApiException.badRequest("fingerprint id must be a decimal u32, got id=" + raw);
      }
      value = value * 10 + (c - '0');
    }
    if (value > 0xFFFF_FFFFL) {
      throw ApiException.badRequest("fingerprint id must be a decimal u32, got id=" + raw);
    }
    return (int) value;
  }
}
