package org.acoustid.server.api.v2;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON and XML writers with upstream's exact formatting; see {@link ResponseFormat}. Stateless. */
public final class Renderers {
  private Renderers() {}

  public static String json(Object value) {
    StringBuilder out = new StringBuilder();
    json(out, value);
    return out.toString();
  }

  private static void json(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
          out.append(first ? "" : ", ");
          first = false;
          string(out, e.getKey());
          out.append(": ");
          json(out, e.getValue());
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          out.append(i == 0 ? "" : ", ");
          json(out, list.get(i));
        }
        out.append(']');
      }
      case String s -> string(out, s);
      case Boolean b -> out.append(b ? "true" : "false");
      case Double d -> out.append(pythonFloat(d));
      case Float f -> out.append(pythonFloat(f.doubleValue()));
      case Number n -> out.append(n.longValue());
      default -> string(out, value.toString());
    }
  }

  /** Python's repr of a float: shortest round-trip digits, at least one fractional digit. */
  static String pythonFloat(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e16) {
      return Long.toString((long) d) + ".0";
    }
    String s = Double.toString(d);
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    // Java 1.5E-5 -> Python 1.5e-05
    String mantissa = s.substring(0, e).replace(".0", "");
    int exponent = Integer.parseInt(s.substring(e + 1));
    return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
  }

  private static void string(StringBuilder out, String s) {
    jsonString(out, s, true);
  }

  /**
   * Appends {@code s} as a JSON string with Python's escapes: {@code \"}, {@code \\}, {@code \n},
   * {@code \r}, {@code \t}, {@code \b}, {@code \f}, and {@code \\u00xx} (lower-case) for other
   * control characters; with {@code asciiOnly} every character above 0x7e is escaped too
   * (json.dumps' ensure_ascii, surrogate pairs as two escapes), otherwise it is kept as is.
   */
  public static void jsonString(StringBuilder out, String s, boolean asciiOnly) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7e)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  static String xml(String tag, Object value) {
    StringBuilder out = new StringBuilder();
    xml(out, tag, value);
    return out.toString();
  }

  private static void xml(StringBuilder out, String tag, Object value) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append('<').append(tag).append(" />");
        return;
      }
      out.append('<').append(tag).append('>');
      for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
        xml(out, e.getKey(), e.getValue());
      }
      out.append("</").append(tag).append('>');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append('<').append(tag).append(" />");
        return;
      }
      String item = singular(tag);
      out.append('<').append(tag).append('>');
      for (Object v : list) {
        xml(out, item, v);
      }
      out.append("</").append(tag).append('>');
    } else {
      out.append('<')
          .append(tag)
          .append('>')
          .append(escape(pythonStr(value)))
          .append("</")
          .append(tag)
          .append('>');
    }
  }

  static String singular(String tag) {
    if (tag.endsWith("ies")) {
      return tag.substring(0, tag.length() - 3) + "y";
    }
    if (tag.endsWith("s")) {
      return tag.substring(0, tag.length() - 1);
    }
    throw new IllegalStateException("list under a key that does not end in s: " + tag);
  }

  private static String pythonStr(Object value) {
    return switch (value) {
      case null -> "None";
      case Boolean b -> b ? "True" : "False";
      case Double d -> pythonFloat(d);
      case Float f -> pythonFloat(f.doubleValue());
      default -> value.toString();
    };
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @SuppressWarnings("unchecked")
  private static TreeMap<String, Object> sorted(Map<?, ?> map) {
    // String.compareTo orders by UTF-16 unit, equal to code point order except across surrogates
    return new TreeMap<>((Map<String, Object>) map);
  }
}
