package org.acoustid.fpindex.server.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acoustid.fpindex.server.ApiException;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Decodes a JSON or MessagePack body into a plain tree: {@link Map} (insertion-ordered, String
 * keys), {@link List}, {@link Long} for integers that fit one and {@link BigInteger} for larger
 * ones, {@link Double} for floats, {@link String}, {@link Boolean} and null. Binding to request
 * records happens in {@link BodyObject}, so both encodings share one set of rules.
 *
 * <p>Everything malformed, trailing bytes, duplicate keys, non-string map keys, and nesting deeper
 * than {@value #MAX_DEPTH} become {@link ApiException} {@code BadRequest}. Stateless and
 * thread-safe.
 */
public final class BodyReader {
  /** Deepest nesting accepted; the API's deepest object (set_metadata entries) needs 5. */
  static final int MAX_DEPTH = 16;

  // a shared buffer pool: the default per-thread one starts empty on every virtual thread
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
          .build();

  private BodyReader() {}

  public static Object read(BodyFormat format, byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("missing request body");
    }
    return switch (format) {
      case JSON -> readJson(body);
      case MSGPACK -> readMsgpack(body);
    };
  }

  private static Object readJson(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken first = parser.nextToken();
      Object value = jsonValue(parser, first, 0);
      if (parser.nextToken() != null) {
        throw ApiException.badRequest("trailing data after the JSON value");
      }
      return value;
    } catch (StreamConstraintsException e) {
      throw ApiException.badRequest("JSON exceeds a parser limit: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getMessage());
    }
  }

  private static Object jsonValue(JsonParser parser, JsonToken token, int depth)
      throws IOException {
    if (token == null) {
      throw ApiException.badRequest("truncated JSON");
    }
    if (depth > MAX_DEPTH) {
      throw ApiException.badRequest("body nested deeper than " + MAX_DEPTH + " levels");
    }
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          map.put(key, jsonValue(parser, parser.nextToken(), depth + 1));
        }
        if (t != JsonToken.END_OBJECT) {
          throw ApiException.badRequest("malformed JSON object");
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
          list.add(jsonValue(parser, t, depth + 1));
        }
        return list;
      }
      case VALUE_NUMBER_INT -> {
        JsonParser.NumberType type = parser.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG
            ? (Object) parser.getLongValue()
            : parser.getBigIntegerValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return parser.getDoubleValue();
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw ApiException.badRequest("unexpected JSON token " + token);
    }
  }

  private static Object readMsgpack(byte[] body) {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(body)) {
      Object value = msgpackValue(unpacker, 0, body.length);
      if (unpacker.hasNext()) {
        throw ApiException.badRequest("trailing data after the MessagePack value");
      }
      return value;
    } catch (MessagePackException | IOException e) {
      throw ApiException.badRequest("malformed MessagePack: " + e.getMessage());
    }
  }

  /**
   * Reads the next MessagePack value of a stream (the changelog's corpus stream) with the rules of
   * a body; containers claiming more than {@code maxElements} elements are refused before anything
   * is allocated for them. Malformed or truncated data is an {@link ApiException} or a {@link
   * MessagePackException}; failures of the stream itself are {@link IOException}s.
   */
  public static Object readMsgpack(MessageUnpacker unpacker, int maxElements) throws IOException {
    return msgpackValue(unpacker, 0, maxElements);
  }

  private static Object msgpackValue(MessageUnpacker unpacker, int depth, int bodyLength)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw ApiException.badRequest("body nested deeper than " + MAX_DEPTH + " levels");
    }
    if (unpacker.hasNext() == false) {
      throw ApiException.badRequest("truncated MessagePack");
    }
    MessageFormat format = unpacker.getNextFormat();
    ValueType type = format.getValueType();
    switch (type) {
      case NIL -> {
        unpacker.unpackNil();
        return null;
      }
      case BOOLEAN -> {
        return unpacker.unpackBoolean();
      }
      case INTEGER -> {
        // only uint64 can exceed a long
        return format == MessageFormat.UINT64
            ? unpacker.unpackBigInteger()
            : (Object) unpacker.unpackLong();
      }
      case FLOAT -> {
        return unpacker.unpackDouble();
      }
      case STRING -> {
        return unpacker.unpackString();
      }
      case ARRAY -> {
        int size = unpacker.unpackArrayHeader();
        // every element takes at least one byte: a header claiming more is a lie, not a reason
        // to allocate
        if (size < 0 || size > bodyLength) {
          throw ApiException.badRequest("MessagePack array length " + size + " exceeds the body");
        }
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          list.add(msgpackValue(unpacker, depth + 1, bodyLength));
        }
        return list;
      }
      case MAP -> {
        int size = unpacker.unpackMapHeader();
        if (size < 0 || size > bodyLength) {
          throw ApiException.badRequest("MessagePack map size " + size + " exceeds the body");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
          if (unpacker.hasNext() == false
              || unpacker.getNextFormat().getValueType() != ValueType.STRING) {
            throw ApiException.badRequest("MessagePack map keys must be strings");
          }
          String key = unpacker.unpackString();
          Object value = msgpackValue(unpacker, depth + 1, bodyLength);
          if (map.containsKey(key)) {
            throw ApiException.badRequest("duplicate key \"" + key + "\"");
          }
          map.put(key, value);
        }
        return map;
      }
      default -> throw ApiException.badRequest("unsupported MessagePack type " + type);
    }
  }
}
