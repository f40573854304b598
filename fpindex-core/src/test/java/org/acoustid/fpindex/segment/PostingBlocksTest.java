package org.acoustid.fpindex.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** The block encoding of postings reads back exactly, at every width and block boundary. */
@Seeded
class PostingBlocksTest {

  @Test
  void everyGapWidthRoundTrips(Random random) {
    int docs = Integer.MAX_VALUE; // keys up to 2^63: gaps of every width up to 63 bits
    java.util.Set<Integer> encodedWidths = new java.util.TreeSet<>();
    for (int width = 0; width <= 63; width++) {
      // wide gaps in short blocks, so that keys stay below 2^63
      int n =
          width == 63
              ? 2
              : width > 48
                  ? 2 + random.nextInt(3)
                  : 2 + random.nextInt(SegmentFormat.BLOCK_SIZE - 1);
      long[] keys = new long[n];
      keys[0] = random.nextLong(1L << 40);
      long maxGap = width == 0 ? 0 : (width == 63 ? Long.MAX_VALUE : (1L << width) - 1);
      long limit = Long.MAX_VALUE - (1L << 33) - keys[0]; // the largest hash is 2^32 - 1
      for (int i = 1; i < n; i++) {
        long gap =
            i == 1
                ? Math.min(maxGap, limit / (n - 1))
                : random.nextLong(Math.min(maxGap, limit / (n - 1)) + 1);
        keys[i] = keys[i - 1] + gap;
      }
      long[] postings = new long[n];
      for (int i = 0; i < n; i++) {
        postings[i] = SegmentData.posting((int) (keys[i] / docs), (int) (keys[i] % docs));
      }
      int w = PostingBlocks.blockWidth(postings, 0, n, docs);
      long bytes = PostingBlocks.blockBytes(n, w);
      MemorySegment memory = Arena.ofAuto().allocate(bytes + 8 + 3);
      assertThat(PostingBlocks.writeBlock(memory, 3, postings, 0, n, docs, w)).isEqualTo(bytes);
      long[] out = new long[n];
      PostingBlocks.decode(memory, 3, keys[0], n, out);
      assertThat(out).as("width %d (encoded at %d)", width, w).containsExactly(keys);
      encodedWidths.add(w);
      // decoding up to a key goes at least to the first key that reaches it
      long stop = keys[random.nextInt(n)] + random.nextInt(2);
      long[] partial = new long[n];
      int decoded = PostingBlocks.decodeUntil(memory, 3, keys[0], n, partial, stop);
      int expected = 0;
      while (expected < n && keys[expected] < stop) {
        expected++;
      }
      expected = Math.min(n, expected + 1);
      assertThat(decoded).isBetween(expected, n);
      assertThat(Arrays.copyOf(partial, decoded)).containsExactly(Arrays.copyOf(keys, decoded));
      assertThat(decoded == n || partial[decoded - 1] >= stop).isTrue();
    }
    assertThat(encodedWidths).hasSize(64);
  }

  @Test
  void vectorAndScalarOrdinalDecodingAgree(Random random) {
    int docs = Integer.MAX_VALUE;
    int hash = 5;
    java.util.Set<Integer> vectorWidths = new java.util.TreeSet<>();
    for (int width = 1; width <= 31; width++) {
      for (int trial = 0; trial < 24; trial++) {
        int n =
            trial < 2 ? SegmentFormat.BLOCK_SIZE : 2 + random.nextInt(SegmentFormat.BLOCK_SIZE - 1);
        int first = random.nextInt(1000);
        int maxGap = (int) Math.min((1L << width) - 1, (Integer.MAX_VALUE - first) / (n - 1));
        int[] ordinals = new int[n];
        ordinals[0] = first;
        for (int i = 1; i < n; i++) {
          ordinals[i] = ordinals[i - 1] + (i == 1 ? maxGap : random.nextInt(maxGap + 1));
        }
        long[] postings = new long[n];
        for (int i = 0; i < n; i++) {
          postings[i] = SegmentData.posting(hash, ordinals[i]);
        }
        int w = PostingBlocks.blockWidth(postings, 0, n, docs);
        long bytes = PostingBlocks.blockBytes(n, w);
        // trial 0 leaves only the format's 8-byte tail after the block: the last groups cannot
        // be loaded 32 bytes at a time and must be decoded one by one
        long room = trial == 0 ? 8 : 40;
        MemorySegment memory = Arena.ofAuto().allocate(5 + bytes + room);
        PostingBlocks.writeBlock(memory, 5, postings, 0, n, docs, w);
        long firstKey = (long) hash * docs + first;
        long base = (long) hash * docs;
        int[] viaEntry = new int[n + 3];
        PostingBlocks.decodeOrdinals(memory, 5, firstKey, n, base, viaEntry, 3);
        assertThat(Arrays.copyOfRange(viaEntry, 3, n + 3))
            .as("width %d, n %d", w, n)
            .containsExactly(ordinals);
        int[] scalar = new int[n];
        scalar[0] = first;
        PostingBlocks.decodeOrdinalsScalar(memory, 6, 0, first, 1, n, w, scalar, 0);
        assertThat(scalar).as("scalar, width %d, n %d", w, n).containsExactly(ordinals);
        if (w <= VectorPostingBlocks.MAX_WIDTH) {
          int[] vector = new int[n + 1];
          VectorPostingBlocks.decodeOrdinals(memory, 5, first, n, w, vector, 1);
          assertThat(Arrays.copyOfRange(vector, 1, n + 1))
              .as("vector, width %d, n %d, room %d", w, n, room)
              .containsExactly(ordinals);
          vectorWidths.add(w);
        }
      }
    }
    assertThat(vectorWidths).hasSize(VectorPostingBlocks.MAX_WIDTH);
  }

  @Test
  void segmentPostingsReadBackByHashAndInOrder(Random random) {
    for (int round = 0; round < 30; round++) {
      int docs = 1 + random.nextInt(round < 10 ? 5 : 3000);
      int[] ids =
          random
              .ints(docs * 3L, 1, Integer.MAX_VALUE)
              .map(i -> i * 2 + 1)
              .distinct()
              .limit(docs)
              .toArray();
      SegmentBuilder.sortUnsigned(ids);
      docs = ids.length;
      // hashes from a small set (long lists crossing blocks), extremes, and random ones
      int[] pool = {0, 1, 7, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 12345};
      List<Long> postings = new ArrayList<>();
      for (int o = 0; o < docs; o++) {
        int terms = random.nextInt(20);
        for (int t = 0; t < terms; t++) {
          int hash = random.nextInt(3) == 0 ? pool[random.nextInt(pool.length)] : random.nextInt();
          int copies = random.nextInt(10) == 0 ? 2 : 1; // duplicates inside a document count
          for (int c = 0; c < copies; c++) {
            postings.add(SegmentData.posting(hash, o));
          }
        }
      }
      long[] sorted =
          postings.stream()
              .mapToLong(Long::longValue)
              .map(k -> k ^ Long.MIN_VALUE)
              .sorted()
              .map(k -> k ^ Long.MIN_VALUE)
              .toArray();
      long[] versions = new long[docs];
      Arrays.fill(versions, 1);
      SegmentData data = new SegmentData(ids, versions, new boolean[docs], sorted, 1, 1, Map.of());
      Segment segment = Segment.wrapFresh(SegmentWriter.encode(data, Arena.ofAuto()), 1);

      List<Long> read = new ArrayList<>();
      segment.forEachPosting((hash, ordinal) -> read.add(SegmentData.posting(hash, ordinal)));
      assertThat(read).containsExactly(Arrays.stream(sorted).boxed().toArray(Long[]::new));

      TreeMap<Integer, List<Integer>> byHash = new TreeMap<>();
      for (long p : sorted) {
        byHash.computeIfAbsent((int) (p >>> 32), h -> new ArrayList<>()).add((int) p);
      }
      PostingCursor cursor = segment.cursor();
      for (var entry : byHash.entrySet()) {
        assertThat(ordinals(cursor, entry.getKey()))
            .as("hash %d", entry.getKey())
            .isEqualTo(entry.getValue());
      }
      int[] probes = new int[200];
      for (int i = 0; i < probes.length; i++) {
        int hash =
            random.nextInt(4) == 0 ? pool[random.nextInt(pool.length)] + 1 : random.nextInt();
        probes[i] = hash;
        assertThat(ordinals(cursor, hash)).isEqualTo(byHash.getOrDefault(hash, List.of()));
      }
      // the lockstep search of many hashes finds the blocks the one-hash search finds
      int[] starts = new int[probes.length];
      segment.startBlocks(probes, probes.length, starts);
      for (int i = 0; i < probes.length; i++) {
        assertThat(starts[i])
            .as("start block of %d", probes[i])
            .isEqualTo(segment.startBlock(probes[i]));
      }
    }
  }

  /** The ordinals of {@code hash}, read one by one and in blocks, which must agree. */
  private static List<Integer> ordinals(PostingCursor cursor, int hash) {
    cursor.seek(hash);
    List<Integer> out = new ArrayList<>();
    for (int o; (o = cursor.next()) >= 0; ) {
      out.add(o);
    }
    assertThat(cursor.next()).isEqualTo(-1);
    cursor.seek(hash);
    List<Integer> bulk = new ArrayList<>();
    int[] buffer = new int[SegmentFormat.BLOCK_SIZE];
    for (int n; (n = cursor.fill(buffer)) > 0; ) {
      for (int i = 0; i < n; i++) {
        bulk.add(buffer[i]);
      }
    }
    assertThat(cursor.fill(buffer)).isZero();
    assertThat(bulk).isEqualTo(out);
    return out;
  }
}
