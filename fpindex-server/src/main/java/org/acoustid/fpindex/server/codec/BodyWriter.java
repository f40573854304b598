package org.acoustid.fpindex.server.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Writes one response body in either encoding. Callers name fields by their full name; the
 * MessagePack writer emits the first letter (the upstream wire keys) unless the key is written with
 * {@link #rawKey(String)} ({@code stats} keys, metadata keys). Maps and arrays declare their size
 * up front because MessagePack headers carry it.
 *
 * <p>Not thread-safe: one writer per response.
 */
public abstract sealed class BodyWriter permits BodyWriter.Json, BodyWriter.Msgpack {

  public static BodyWriter create(BodyFormat format) {
    return switch (format) {
      case JSON -> new Json();
      case MSGPACK -> new Msgpack();
    };
  }

  public abstract BodyWriter beginMap(int size);

  public abstract BodyWriter endMap();

  public abstract BodyWriter beginArray(int size);

  public abstract BodyWriter endArray();

  /** A field key: full name in JSON, first letter in MessagePack. */
  public abstract BodyWriter key(String fieldName);

  /** A key written as is in both encodings. */
  public abstract BodyWriter rawKey(String key);

  /** An unsigned 32-bit value held in an int. */
  public BodyWriter u32(int value) {
    return u64(Integer.toUnsignedLong(value));
  }

  /** An unsigned 64-bit value held in a long. */
  public abstract BodyWriter u64(long value);

  public abstract BodyWriter bool(boolean value);

  public abstract BodyWriter string(String value);

  /** The finished body. */
  public abstract byte[] toBytes();

  /** One write of the underlying encoder; in-memory encoders only fail on bugs. */
  interface Step {
    void run() throws IOException;
  }

  BodyWriter step(Step step) {
    try {
      step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  static final class Json extends BodyWriter {
    private static final JsonFactory FACTORY =
        JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private final JsonGenerator gen;

    Json() {
      try {
        gen = FACTORY.createGenerator(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public BodyWriter beginMap(int size) {
      return step(gen::writeStartObject);
    }

    @Override
    public BodyWriter endMap() {
      return step(gen::writeEndObject);
    }

    @Override
    public BodyWriter beginArray(int size) {
      return step(gen::writeStartArray);
    }

    @Override
    public BodyWriter endArray() {
      return step(gen::writeEndArray);
    }

    @Override
    public BodyWriter key(String fieldName) {
      return step(() -> gen.writeFieldName(fieldName));
    }

    @Override
    public BodyWriter rawKey(String key) {
      return step(() -> gen.writeFieldName(key));
    }

    @Override
    public BodyWriter u64(long value) {
      return step(() -> {
        if (value >= 0) {
          gen.writeNumber(value);
        } else {
          gen.writeNumber(Long.toUnsignedString(value));
        }
      });
    }

    @Override
    public BodyWriter bool(boolean value) {
      return step(() -> gen.writeBoolean(value));
    }

    @Override
    public BodyWriter string(String value) {
      return step(() -> gen.writeString(value));
    }

    @Override
    public byte[] toBytes() {
      step(gen::close);
      return out.toByteArray();
    }
  }

  static final class Msgpack extends BodyWriter {
    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();

    @Override
    public BodyWriter beginMap(int size) {
      return step(() -> packer.packMapHeader(size));
    }

    @Override
    public BodyWriter endMap() {
      return this;
    }

    @Override
    public BodyWriter beginArray(int size) {
      return step(() -> packer.packArrayHeader(size));
    }

    @Override
    public BodyWriter endArray() {
      return this;
    }

    @Override
    public BodyWriter key(String fieldName) {
      return step(() -> packer.packString(fieldName.substring(0, 1)));
    }

    @Override
    public BodyWriter rawKey(String key) {
      return step(() -> packer.packString(key));
    }

    @Override
    public BodyWriter u64(long value) {
      return step(() -> {
        if (value >= 0) {
          packer.packLong(value);
        } else {
          packer.packBigInteger(new java.math.BigInteger(Long.toUnsignedString(value)));
        }
      });
    }

    @Override
    public BodyWriter bool(boolean value) {
      return step(() -> packer.packBoolean(value));
    }

    @Override
    public BodyWriter string(String value) {
      return step(() -> packer.packString(value));
    }

    @Override
    public byte[] toBytes() {
      return packer.toByteArray();
    }
  }
}
