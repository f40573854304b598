package org.acoustid.fpindex.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** Chunked views cover exactly the requested bytes, in order, whatever the chunk size. */
@Seeded
class MemoryChunksTest {
  @Test
  void chunksConcatenateToTheRequestedPrefix(Random random) throws Exception {
    for (int round = 0; round < 100; round++) {
      byte[] bytes = new byte[random.nextInt(300)];
      random.nextBytes(bytes);
      int length = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      long chunk = 1 + random.nextInt(40);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MemoryChunks.forEach(
          MemorySegment.ofArray(bytes),
          length,
          chunk,
          buffer -> {
            assertThat((long) buffer.remaining()).isBetween(1L, chunk);
            byte[] part = new byte[buffer.remaining()];
            buffer.get(part);
            out.write(part);
          });
      assertThat(out.toByteArray()).isEqualTo(java.util.Arrays.copyOf(bytes, length));
    }
  }
}
