package org.acoustid.fpindex.store;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Walks a {@link MemorySegment} as {@link ByteBuffer}s of bounded size: a buffer cannot view more
 * than 2 GiB, and segments of ten million fingerprints are larger. Stateless.
 */
public final class MemoryChunks {
  /** Bytes per buffer: well below the 2 GiB a buffer can address. */
  public static final long CHUNK_BYTES = 1L << 30;

  private MemoryChunks() {}

  /** Receives consecutive buffers. */
  public interface Consumer {
    void accept(ByteBuffer chunk) throws IOException;
  }

  /** Calls {@code consumer} with the bytes {@code [0, length)} of {@code memory}, in order. */
  public static void forEach(MemorySegment memory, long length, Consumer consumer)
      throws IOException {
    forEach(memory, length, CHUNK_BYTES, consumer);
  }

  static void forEach(MemorySegment memory, long length, long chunkBytes, Consumer consumer)
      throws IOException {
    for (long offset = 0; offset < length; offset += chunkBytes) {
      consumer.accept(memory.asSlice(offset, Math.min(chunkBytes, length - offset)).asByteBuffer());
    }
  }
}
