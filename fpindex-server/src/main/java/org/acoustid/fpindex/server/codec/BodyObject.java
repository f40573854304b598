package org.acoustid.fpindex.server.codec;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acoustid.fpindex.server.ApiException;

/**
 * One decoded body object with the key rules of its encoding: JSON keys must equal a field name
 * exactly; a MessagePack key matches the field whose name starts with the key's first character (so
 * {@code "q"} and {@code "query"} both mean {@code query}). A key that matches no field, or two
 * keys that match the same field, make the request a {@code BadRequest}.
 *
 * <p>Typed getters reject wrong types, null for required fields, and integers outside the target
 * range with {@code BadRequest}, naming the field.
 */
public final class BodyObject {
  private static final BigInteger U32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
  private static final BigInteger U64_MAX = new BigInteger("18446744073709551615");

  private final String what;
  private final Map<String, Object> fields;
  private final BodyFormat format;

  private BodyObject(String what, Map<String, Object> fields, BodyFormat format) {
    this.what = what;
    this.fields = fields;
    this.format = format;
  }

  /**
   * Binds {@code node} (from {@link BodyReader}) as an object named {@code what} with the given
   * field names; fields are looked up later by their full name.
   */
  public static BodyObject of(Object node, BodyFormat format, String what, String... fieldNames) {
    if (!(node instanceof Map<?, ?> map)) {
      throw ApiException.badRequest(what + " must be an object");
    }
    Map<String, Object> bound = new HashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = (String) entry.getKey();
      String field = match(key, format, fieldNames);
      if (field == null) {
        throw ApiException.badRequest("unknown field \"" + key + "\" in " + what);
      }
      if (bound.containsKey(field)) {
        throw ApiException.badRequest("field " + field + " given twice in " + what);
      }
      bound.put(field, entry.getValue());
    }
    return new BodyObject(what, bound, format);
  }

  private static String match(String key, BodyFormat format, String[] fieldNames) {
    for (String name : fieldNames) {
      boolean matches =
          format == BodyFormat.JSON
              ? name.equals(key)
              : key.isEmpty() == false && name.charAt(0) == key.charAt(0);
      if (matches) {
        return name;
      }
    }
    return null;
  }

  public BodyFormat format() {
    return format;
  }

  public boolean has(String field) {
    return fields.get(field) != null;
  }

  /** The raw node of a field, null when absent or null. */
  public Object node(String field) {
    return fields.get(field);
  }

  public Object required(String field) {
    Object value = fields.get(field);
    if (value == null) {
      throw ApiException.badRequest("missing field " + field + " in " + what);
    }
    return value;
  }

  /** An unsigned 32-bit field as a long, or {@code fallback} when absent or null. */
  public long u32(String field, long fallback) {
    Object value = fields.get(field);
    return value == null ? fallback : toU32(value, field);
  }

  /** A required unsigned 32-bit field as a long. */
  public long requiredU32(String field) {
    return toU32(required(field), field);
  }

  /** An unsigned 64-bit field (as a signed long holding the bits), or {@code fallback}. */
  public long u64(String field, long fallback) {
    Object value = fields.get(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Long l && l >= 0) {
      return l;
    }
    BigInteger n = integer(value, field);
    if (n.signum() < 0 || n.compareTo(U64_MAX) > 0) {
      throw ApiException.badRequest(field + " must be in [0, 2^64), got " + field + "=" + n);
    }
    return n.longValue();
  }

  public boolean bool(String field, boolean fallback) {
    Object value = fields.get(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw ApiException.badRequest(field + " must be a boolean in " + what);
  }

  public List<?> list(String field) {
    Object value = required(field);
    if (value instanceof List<?> list) {
      return list;
    }
    throw ApiException.badRequest(field + " must be an array in " + what);
  }

  /** A u32 array field, returned as the int bit patterns. */
  public int[] u32Array(String field) {
    List<?> list = list(field);
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) toU32(list.get(i), field + "[" + i + "]");
    }
    return out;
  }

  /** A string-to-string map field, or null when absent or null; insertion order is kept. */
  public Map<String, String> stringMap(String field) {
    Object value = fields.get(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw ApiException.badRequest(field + " must be an object of strings in " + what);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getValue() instanceof String s) {
        out.put((String) e.getKey(), s);
      } else {
        throw ApiException.badRequest(field + "." + e.getKey() + " must be a string");
      }
    }
    return out;
  }

  public String string(String field) {
    Object value = required(field);
    if (value instanceof String s) {
      return s;
    }
    throw ApiException.badRequest(field + " must be a string in " + what);
  }

  static long toU32(Object value, String field) {
    if (value instanceof Long l && l >= 0 && l <= 0xFFFF_FFFFL) {
      return l; // the common case, without a BigInteger
    }
    BigInteger n = integer(value, field);
    if (n.signum() < 0 || n.compareTo(U32_MAX) > 0) {
      throw ApiException.badRequest(field + " must be in [0, 4294967295], got " + field + "=" + n);
    }
    return n.longValue();
  }

  private static BigInteger integer(Object value, String field) {
    if (value instanceof BigInteger n) {
      return n;
    }
    if (value instanceof Long l) {
      return BigInteger.valueOf(l);
    }
    throw ApiException.badRequest(
        field + " must be an integer, got " + (value == null ? "null" : typeName(value)));
  }

  private static String typeName(Object value) {
    return switch (value) {
      case Double d -> "a float";
      case String s -> "a string";
      case Boolean b -> "a boolean";
      case List<?> l -> "an array";
      case Map<?, ?> m -> "an object";
      default -> value.getClass().getSimpleName();
    };
  }
}
