package org.acoustid.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps decoded API JSON onto the SDK's records. Unknown fields are ignored and missing ones become
 * null (scalars) or empty lists, so newer servers never break older clients. Stateless.
 */
final class ResponseParser {
  private ResponseParser() {}

  static List<LookupResult> lookupResults(Object node) {
    return list(node, ResponseParser::lookupResult);
  }

  static LookupResult lookupResult(Map<String, Object> m) {
    return new LookupResult(
        string(m, "id"),
        number(m, "score", 0.0),
        list(m.get("recordings"), ResponseParser::recording),
        list(m.get("releasegroups"), ResponseParser::releaseGroup),
        list(m.get("releases"), ResponseParser::release));
  }

  static Recording recording(Map<String, Object> m) {
    Object duration = m.get("duration");
    return new Recording(
        string(m, "id"),
        string(m, "title"),
        duration instanceof Number n ? n.doubleValue() : null,
        list(m.get("artists"), ResponseParser::artist),
        list(m.get("releasegroups"), ResponseParser::releaseGroup),
        list(m.get("releases"), ResponseParser::release),
        integer(m, "sources"),
        strings(m.get("isrcs")));
  }

  static Artist artist(Map<String, Object> m) {
    return new Artist(string(m, "id"), string(m, "name"), string(m, "joinphrase"));
  }

  static ReleaseGroup releaseGroup(Map<String, Object> m) {
    return new ReleaseGroup(
        string(m, "id"),
        string(m, "title"),
        string(m, "type"),
        strings(m.get("secondarytypes")),
        list(m.get("artists"), ResponseParser::artist),
        list(m.get("releases"), ResponseParser::release));
  }

  static Release release(Map<String, Object> m) {
    ReleaseDate date = null;
    if (m.get("date") instanceof Map<?, ?> d) {
      @SuppressWarnings("unchecked")
      Map<String, Object> dm = (Map<String, Object>) d;
      date = new ReleaseDate(integer(dm, "year"), integer(dm, "month"), integer(dm, "day"));
    }
    return new Release(
        string(m, "id"),
        string(m, "title"),
        string(m, "country"),
        date,
        integer(m, "medium_count"),
        integer(m, "track_count"),
        list(m.get("artists"), ResponseParser::artist),
        list(m.get("mediums"), ResponseParser::medium));
  }

  static Medium medium(Map<String, Object> m) {
    return new Medium(
        integer(m, "position"),
        integer(m, "track_count"),
        string(m, "format"),
        string(m, "title"),
        list(m.get("tracks"), ResponseParser::track));
  }

  static Track track(Map<String, Object> m) {
    return new Track(
        string(m, "id"),
        integer(m, "position"),
        string(m, "title"),
        list(m.get("artists"), ResponseParser::artist));
  }

  static SubmissionStatus submissionStatus(Map<String, Object> m) {
    String trackId = null;
    if (m.get("result") instanceof Map<?, ?> result && result.get("id") instanceof String id) {
      trackId = id;
    }
    Integer id = integer(m, "id");
    return new SubmissionStatus(
        m.get("id") instanceof Number n ? n.longValue() : id == null ? 0 : id,
        string(m, "status"),
        trackId);
  }

  /** Each element of a JSON array that is an object, mapped; anything else yields an empty list. */
  @SuppressWarnings("unchecked")
  static <T> List<T> list(Object node, Function<Map<String, Object>, T> mapper) {
    if (!(node instanceof List<?> items)) {
      return List.of();
    }
    List<T> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (item instanceof Map<?, ?> map) {
        out.add(mapper.apply((Map<String, Object>) map));
      }
    }
    return List.copyOf(out);
  }

  static List<String> strings(Object node) {
    if (!(node instanceof List<?> items)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object item : items) {
      if (item != null) {
        out.add(item.toString());
      }
    }
    return List.copyOf(out);
  }

  static String string(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : v.toString();
  }

  static Integer integer(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.intValue() : null;
  }

  static double number(Map<String, Object> m, String key, double fallback) {
    return m.get(key) instanceof Number n ? n.doubleValue() : fallback;
  }
}
