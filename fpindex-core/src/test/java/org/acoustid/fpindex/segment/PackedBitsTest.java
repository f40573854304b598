package org.acoustid.fpindex.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Random;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** The document table's bit arrays read back what was written, at every width. */
@Seeded
class PackedBitsTest {

  @Test
  void everyWidthRoundTrips(Random random) {
    for (int bits = 0; bits <= 64; bits++) {
      int n = 1 + random.nextInt(300);
      long[] values = new long[n];
      for (int i = 0; i < n; i++) {
        values[i] = random.nextLong() & PackedBits.mask(bits);
      }
      values[random.nextInt(n)] = PackedBits.mask(bits); // the widest value once
      long offset = 8 * random.nextInt(3);
      MemorySegment memory =
          Arena.ofAuto().allocate(offset + SegmentFormat.packedBytes(n, bits) + 8, 8);
      for (int i = 0; i < n; i++) {
        PackedBits.set(memory, offset, bits, i, values[i]);
      }
      for (int i = 0; i < n; i++) {
        assertThat(PackedBits.get(memory, offset, bits, PackedBits.mask(bits), i))
            .as("width %d, value %d", bits, i)
            .isEqualTo(values[i]);
      }
    }
  }

  @Test
  void documentTableKeepsUnsignedIdsWideVersionsAndTombstones(Random random) {
    int docs = 1 + random.nextInt(500);
    int[] ids = new int[docs];
    long[] versions = new long[docs];
    boolean[] tombstones = new boolean[docs];
    long id = Integer.toUnsignedLong(random.nextInt()) / 2;
    for (int i = 0; i < docs; i++) {
      ids[i] = (int) id;
      id += 1 + random.nextInt(i == docs / 2 ? Integer.MAX_VALUE / 2 : 3);
      id = Math.min(id, 0xFFFF_FFFFL - (docs - i));
      versions[i] =
          random.nextBoolean() ? 7 + random.nextInt(10) : random.nextLong(7, Long.MAX_VALUE);
      tombstones[i] = random.nextInt(4) == 0;
    }
    ids[docs - 1] = random.nextBoolean() ? 0xFFFF_FFFF : ids[docs - 1];
    versions[0] = 7;
    Segment segment =
        Segment.wrapFresh(
            SegmentWriter.encode(
                new SegmentData(
                    ids, versions, tombstones, new long[0], 7, Long.MAX_VALUE, Map.of()),
                Arena.ofAuto()),
            1);
    for (int i = 0; i < docs; i++) {
      assertThat(segment.id(i)).isEqualTo(ids[i]);
      assertThat(segment.version(i)).isEqualTo(versions[i]);
      assertThat(segment.isTombstone(i)).isEqualTo(tombstones[i]);
      assertThat(segment.ordinalOf(ids[i])).isEqualTo(i);
    }
  }
}
