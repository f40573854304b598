package org.acoustid.fpindex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.IndexNotFoundException;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.InvalidIndexNameException;
import org.acoustid.fpindex.SetMetadata;
import org.acoustid.fpindex.VersionMismatchException;
import org.acoustid.fpindex.server.cluster.Changelog.Entry;
import org.acoustid.fpindex.server.cluster.Changelog.MetaOp;
import org.acoustid.fpindex.server.cluster.Changelog.Page;
import org.acoustid.testing.NatsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JetStream feeds on the real NATS server against the rules of spec §11.1. Every test has a
 * prefix of its own, so no test sees another's streams; the fixture deletes them after the class.
 */
class JetStreamChangelogTest {
  @RegisterExtension static final NatsFixture nats = new NatsFixture();
  private static final AtomicInteger TESTS = new AtomicInteger();

  private final JetStreamOptions options =
      JetStreamOptions.of(nats.url())
          .withPrefix(nats.streamPrefix() + "t" + TESTS.incrementAndGet())
          .withTimeout(Duration.ofSeconds(10));
  private final List<JetStreamChangelog> opened = new ArrayList<>();

  @AfterEach
  void closeChangelogs() {
    opened.forEach(JetStreamChangelog::close);
  }

  private JetStreamChangelog node(JetStreamOptions options) throws Exception {
    JetStreamChangelog changelog = JetStreamChangelog.connect(options);
    opened.add(changelog);
    return changelog;
  }

  private JetStreamChangelog node() throws Exception {
    return node(options);
  }

  @Test
  void aWatcherHearsOfAppendsFromAnyNodeUntilClosed() throws Exception {
    JetStreamChangelog writer = node();
    JetStreamChangelog follower = node();
    long generation = writer.createIndex("watched");
    java.util.concurrent.Semaphore heard = new java.util.concurrent.Semaphore(0);
    AutoCloseable watch = follower.watch("watched", generation, heard::release).orElseThrow();
    follower.flush();
    writer.append("watched", generation, List.of(new Delete(1)), OptionalLong.empty());
    assertThat(heard.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    watch.close();
    follower.flush();
    writer.append("watched", generation, List.of(new Delete(2)), OptionalLong.empty());
    // the closed watch stays silent; a fresh one proves the message went out
    java.util.concurrent.Semaphore again = new java.util.concurrent.Semaphore(0);
    try (AutoCloseable second =
        follower.watch("watched", generation, again::release).orElseThrow()) {
      follower.flush();
      writer.append("watched", generation, List.of(new Delete(3)), OptionalLong.empty());
      assertThat(again.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    assertThat(heard.availablePermits()).isZero();
  }

  @Test
  void generationsStrictlyIncreaseAcrossCreateDeleteAndRecreate() throws Exception {
    JetStreamChangelog log = node();
    long first = log.createIndex("a");
    assertThat(first).isPositive();
    assertThat(log.createIndex("a")).isEqualTo(first);
    long deleted = log.deleteIndex("a");
    assertThat(deleted).isGreaterThan(first);
    assertThat(log.deleteIndex("a")).isEqualTo(deleted);
    assertThat(log.deleteIndex("never")).isEqualTo(deleted);
    long second = log.createIndex("a");
    assertThat(second).isGreaterThan(deleted);
    assertThat(log.createIndex("b")).isGreaterThan(second);

    // the deleted lineage is gone with its data stream; the new one starts empty
    assertThatThrownBy(() -> log.append("a", first, List.of(new Delete(1)), OptionalLong.empty()))
        .isInstanceOf(IndexNotFoundException.class);
    assertThat(log.read("a", first, 0, 10).items()).isEmpty();
    assertThat(nats.connection().jetStreamManagement().getStreamNames())
        .doesNotContain(options.prefix() + "-data-a-" + first)
        .contains(options.prefix() + "-data-a-" + second);
    assertThat(log.append("a", second, List.of(new Delete(1)), OptionalLong.empty())).isEqualTo(1);
  }

  @Test
  void createRejectsInvalidNames() throws Exception {
    JetStreamChangelog log = node();
    assertThatThrownBy(() -> log.createIndex("a.b")).isInstanceOf(InvalidIndexNameException.class);
    assertThatThrownBy(() -> log.append("a.b", 1, List.of(new Delete(1)), OptionalLong.empty()))
        .isInstanceOf(IndexNotFoundException.class);
    assertThat(log.read("a.*", 1, 0, 10).items()).isEmpty();
  }

  @Test
  void metaFeedListsOpsInOrderAndFoldsToTheActiveLineages() throws Exception {
    JetStreamChangelog log = node();
    long a1 = log.createIndex("a");
    long b = log.createIndex("b");
    long aDeleted = log.deleteIndex("a");
    long a2 = log.createIndex("a");
    long c = log.createIndex("c");
    long cDeleted = log.deleteIndex("c");

    Page<MetaOp> all = log.readMeta(0, 100);
    assertThat(all.items())
        .containsExactly(
            new MetaOp(a1, MetaOp.Kind.CREATE, "a"),
            new MetaOp(b, MetaOp.Kind.CREATE, "b"),
            new MetaOp(aDeleted, MetaOp.Kind.DELETE, "a"),
            new MetaOp(a2, MetaOp.Kind.CREATE, "a"),
            new MetaOp(c, MetaOp.Kind.CREATE, "c"),
            new MetaOp(cDeleted, MetaOp.Kind.DELETE, "c"));
    assertThat(all.retryAfterMs()).isPositive();
    assertThat(fold(all.items())).isEqualTo(Map.of("a", a2, "b", b));

    // paging: a full page says "read again at once", the page after it continues in order
    Page<MetaOp> head = log.readMeta(0, 4);
    assertThat(head.items()).hasSize(4);
    assertThat(head.retryAfterMs()).isZero();
    Page<MetaOp> tail = log.readMeta(head.items().getLast().position(), 100);
    assertThat(tail.items()).containsExactlyElementsOf(all.items().subList(4, 6));
    assertThat(log.readMeta(cDeleted, 100).items()).isEmpty();
  }

  @Test
  void appendedBatchesReadBackWithEveryChangeKind() throws Exception {
    JetStreamChangelog log = node();
    long generation = log.createIndex("rt");
    List<Change> first =
        List.of(
            new Insert(1, new int[] {0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF}),
            new Delete(0xFFFF_FFFE),
            new SetMetadata("k", "v"),
            new SetMetadata("k", "w\u00e9"),
            new Insert(2, new int[0]));
    List<Change> second = List.of(new Delete(1));
    assertThat(log.append("rt", generation, first, OptionalLong.empty())).isEqualTo(1);
    assertThat(log.append("rt", generation, second, OptionalLong.empty())).isEqualTo(2);
    assertThat(log.append("rt", generation, List.of(), OptionalLong.empty())).isEqualTo(2);

    Page<Entry> page = log.read("rt", generation, 0, 256);
    assertThat(page.items())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(new Entry(1, first), new Entry(2, second));
    assertThat(page.retryAfterMs()).isEqualTo(JetStreamChangelog.IDLE_RETRY_MS);

    Page<Entry> one = log.read("rt", generation, 0, 1);
    assertThat(one.items()).extracting(Entry::position).containsExactly(1L);
    assertThat(one.retryAfterMs()).isZero();
    assertThat(log.read("rt", generation, 1, 256).items())
        .extracting(Entry::position)
        .containsExactly(2L);
    assertThat(log.read("rt", generation, 2, 256).items()).isEmpty();
    assertThat(log.read("rt", generation + 1000, 0, 256).items()).isEmpty();
    assertThat(log.read("unknown", 1, 0, 256).items()).isEmpty();
  }

  @Test
  void staleExpectedPositionWritesNothing() throws Exception {
    JetStreamChangelog log = node();
    long generation = log.createIndex("x");
    List<Change> batch = List.of(new Insert(7, new int[] {7}));
    assertThat(log.append("x", generation, batch, OptionalLong.of(0))).isEqualTo(1);
    assertThatThrownBy(() -> log.append("x", generation, batch, OptionalLong.of(0)))
        .isInstanceOfSatisfying(
            VersionMismatchException.class,
            e -> {
              assertThat(e.expected()).isZero();
              assertThat(e.actual()).isEqualTo(1);
            });
    assertThat(log.append("x", generation, batch, OptionalLong.of(1))).isEqualTo(2);
    assertThatThrownBy(() -> log.append("x", generation, batch, OptionalLong.of(5)))
        .isInstanceOfSatisfying(
            VersionMismatchException.class, e -> assertThat(e.actual()).isEqualTo(2));
    assertThatThrownBy(() -> log.append("x", generation, List.of(), OptionalLong.of(1)))
        .isInstanceOf(VersionMismatchException.class);
    assertThat(log.append("x", generation, List.of(), OptionalLong.of(2))).isEqualTo(2);
    assertThat(log.read("x", generation, 0, 256).items())
        .extracting(Entry::position)
        .containsExactly(1L, 2L);
  }

  @Test
  void readBelowTheRetentionFloorFails() throws Exception {
    JetStreamChangelog log = node(options.withRetention(0, 3));
    long generation = log.createIndex("r");
    for (int i = 1; i <= 5; i++) {
      log.append("r", generation, List.of(new Delete(i)), OptionalLong.empty());
    }
    // entries 1 and 2 were dropped: a reader at 0 or 1 cannot continue, one at 2 can
    assertThatThrownBy(() -> log.read("r", generation, 0, 256))
        .isInstanceOf(BelowRetentionException.class)
        .hasMessageContaining("above 0");
    assertThatThrownBy(() -> log.read("r", generation, 1, 256))
        .isInstanceOf(BelowRetentionException.class);
    assertThat(log.read("r", generation, 2, 256).items())
        .extracting(Entry::position)
        .containsExactly(3L, 4L, 5L);
    assertThat(log.read("r", generation, 5, 256).items()).isEmpty();
    // the expected position stays the last one, whatever retention dropped
    assertThat(log.append("r", generation, List.of(new Delete(6)), OptionalLong.of(5)))
        .isEqualTo(6);
  }

  @Test
  void twoNodesShareOneOrder() throws Exception {
    JetStreamChangelog a = node();
    JetStreamChangelog b = node();
    long generation = a.createIndex("shared");
    assertThat(b.createIndex("shared")).isEqualTo(generation);
    for (int i = 1; i <= 6; i++) {
      JetStreamChangelog writer = i % 2 == 0 ? a : b;
      assertThat(writer.append("shared", generation, List.of(new Delete(i)), OptionalLong.empty()))
          .isEqualTo(i);
    }
    Page<Entry> fromA = a.read("shared", generation, 0, 256);
    Page<Entry> fromB = b.read("shared", generation, 0, 256);
    assertThat(fromA.items()).usingRecursiveComparison().isEqualTo(fromB.items());
    assertThat(fromA.items())
        .extracting(entry -> ((Delete) entry.changes().getFirst()).id())
        .containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(a.readMeta(0, 100).items()).isEqualTo(b.readMeta(0, 100).items());

    // b deletes the lineage a still trusts as active: a's next append finds it gone
    b.deleteIndex("shared");
    assertThatThrownBy(
            () -> a.append("shared", generation, List.of(new Delete(9)), OptionalLong.empty()))
        .isInstanceOf(IndexNotFoundException.class);
    assertThat(nats.connection().jetStreamManagement().getStreamNames())
        .doesNotContain(options.prefix() + "-data-shared-" + generation);
  }

  @Test
  void concurrentCreatesOfOneNameAgreeOnTheGeneration() throws Exception {
    JetStreamChangelog a = node();
    JetStreamChangelog b = node();
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<Long> fromA = pool.submit(() -> createAfter(start, a, "race"));
      Future<Long> fromB = pool.submit(() -> createAfter(start, b, "race"));
      start.countDown();
      assertThat(fromA.get()).isEqualTo(fromB.get());
    }
    assertThat(a.readMeta(0, 100).items()).hasSize(1);
  }

  private static long createAfter(CountDownLatch start, Changelog log, String index)
      throws Exception {
    start.await();
    return log.createIndex(index);
  }

  @Test
  void concurrentAppendsGetDistinctDensePositions() throws Exception {
    JetStreamChangelog a = node();
    JetStreamChangelog b = node();
    long generation = a.createIndex("busy");
    int perThread = 40;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<Long, Integer>>> writers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      // two threads on one node and one on another: three writers, one order
      writers.add(pool.submit(() -> appendAll(start, a, generation, 1_000, perThread)));
      writers.add(pool.submit(() -> appendAll(start, a, generation, 2_000, perThread)));
      writers.add(pool.submit(() -> appendAll(start, b, generation, 3_000, perThread)));
      start.countDown();
      Map<Long, Integer> idAt = new HashMap<>();
      for (Future<Map<Long, Integer>> writer : writers) {
        Map<Long, Integer> got = writer.get();
        for (Map.Entry<Long, Integer> e : got.entrySet()) {
          assertThat(idAt.put(e.getKey(), e.getValue())).as("position %d", e.getKey()).isNull();
        }
      }
      int total = 3 * perThread;
      Set<Long> dense = new HashSet<>();
      for (long p = 1; p <= total; p++) {
        dense.add(p);
      }
      assertThat(idAt.keySet()).isEqualTo(dense);

      List<Entry> read = new ArrayList<>();
      long after = 0;
      while (read.size() < total) {
        Page<Entry> page = b.read("busy", generation, after, 50);
        assertThat(page.items()).isNotEmpty();
        read.addAll(page.items());
        after = page.items().getLast().position();
      }
      for (Entry entry : read) {
        assertThat(((Delete) entry.changes().getFirst()).id())
            .isEqualTo(idAt.get(entry.position()));
      }
    }
  }

  private static Map<Long, Integer> appendAll(
      CountDownLatch start, Changelog log, long generation, int firstId, int count)
      throws Exception {
    start.await();
    Map<Long, Integer> idAt = new HashMap<>();
    for (int i = 0; i < count; i++) {
      int id = firstId + i;
      idAt.put(log.append("busy", generation, List.of(new Delete(id)), OptionalLong.empty()), id);
    }
    return idAt;
  }

  @Test
  void missingDataStreamIsCreatedOnAppend() throws Exception {
    JetStreamChangelog log = node();
    long generation = log.createIndex("lazy");
    nats.connection()
        .jetStreamManagement()
        .deleteStream(options.prefix() + "-data-lazy-" + generation);
    assertThat(log.read("lazy", generation, 0, 10).items()).isEmpty();
    assertThat(log.append("lazy", generation, List.of(new Delete(1)), OptionalLong.empty()))
        .isEqualTo(1);
  }

  @Test
  void unreachableServerFailsNamingTheUrl() {
    String url = "nats://127.0.0.1:1";
    assertThatThrownBy(() ->
            JetStreamChangelog.connect(options.withTimeout(Duration.ofSeconds(1)).withUrl(url)))
        .isInstanceOf(ChangelogException.class)
        .hasMessageContaining(url);
  }

  @Test
  void longIndexNamesGetAHashedStreamName() throws Exception {
    JetStreamNames names = new JetStreamNames("fpindex");
    String longest = "x".repeat(255);
    assertThat(names.dataStream("acoustid", 3)).isEqualTo("fpindex-data-acoustid-3");
    assertThat(names.dataStream(longest, 3))
        .hasSizeLessThanOrEqualTo(JetStreamNames.MAX_STREAM_NAME)
        .startsWith("fpindex-data-~")
        .isNotEqualTo(names.dataStream("y".repeat(255), 3));

    JetStreamChangelog log = node();
    long generation = log.createIndex(longest);
    assertThat(log.append(longest, generation, List.of(new Delete(1)), OptionalLong.empty()))
        .isEqualTo(1);
    assertThat(log.read(longest, generation, 0, 10).items()).hasSize(1);
    assertThat(log.readMeta(0, 10).items())
        .containsExactly(new MetaOp(generation, MetaOp.Kind.CREATE, longest));
  }

  /** What a meta consumer keeps after catching up: the active generation per name. */
  private static Map<String, Long> fold(List<MetaOp> ops) {
    Map<String, Long> active = new HashMap<>();
    for (MetaOp op : ops) {
      switch (op.kind()) {
        case CREATE -> active.put(op.index(), op.position());
        case DELETE -> active.remove(op.index());
      }
    }
    return active;
  }
}
