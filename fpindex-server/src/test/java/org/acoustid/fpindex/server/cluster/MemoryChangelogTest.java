package org.acoustid.fpindex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** The in-memory feeds against the rules of spec §11.1 and a list model of each data feed. */
@Seeded
class MemoryChangelogTest {
  private final MemoryChangelog log = new MemoryChangelog();

  @Test
  void createPositionIsTheGenerationAndCreatingAnActiveNameIsIdempotent() {
    long a = log.createIndex("a");
    long b = log.createIndex("b");
    assertThat(a).isEqualTo(1);
    assertThat(b).isEqualTo(2);
    assertThat(log.createIndex("a")).isEqualTo(a);
    assertThat(log.readMeta(0, 10).items())
        .containsExactly(
            new MetaOp(1, MetaOp.Kind.CREATE, "a"), new MetaOp(2, MetaOp.Kind.CREATE, "b"));
  }

  @Test
  void deletingAnInactiveNameReturnsTheLatestPositionAndAppendsNothing() {
    log.createIndex("a");
    assertThat(log.deleteIndex("a")).isEqualTo(2);
    assertThat(log.deleteIndex("a")).isEqualTo(2);
    assertThat(log.deleteIndex("never")).isEqualTo(2);
    long again = log.createIndex("a");
    assertThat(again).isEqualTo(3);
    assertThat(log.readMeta(1, 10).items())
        .containsExactly(
            new MetaOp(2, MetaOp.Kind.DELETE, "a"), new MetaOp(3, MetaOp.Kind.CREATE, "a"));
  }

  @Test
  void createRejectsInvalidNames() {
    assertThatThrownBy(() -> log.createIndex("a/b")).isInstanceOf(InvalidIndexNameException.class);
    assertThatThrownBy(() -> log.createIndex("")).isInstanceOf(InvalidIndexNameException.class);
    assertThat(log.readMeta(0, 10).items()).isEmpty();
  }

  @Test
  void eachChangeTakesOnePositionAndAnEmptyAppendReturnsTheCurrentOne() throws Exception {
    long g = log.createIndex("a");
    assertThat(log.append("a", g, List.of(), OptionalLong.empty())).isZero();
    assertThat(log.append("a", g, List.of(insert(1), new Delete(2)), OptionalLong.empty()))
        .isEqualTo(2);
    assertThat(log.append("a", g, List.of(new SetMetadata("k", "v")), OptionalLong.of(2)))
        .isEqualTo(3);
    assertThat(log.append("a", g, List.of(), OptionalLong.of(3))).isEqualTo(3);
    List<Entry> entries = log.read("a", g, 0, 10).items();
    assertThat(entries).extracting(Entry::position).containsExactly(1L, 2L, 3L);
    assertThat(entries.get(1).changes()).containsExactly(new Delete(2));
    assertThat(entries.get(2).changes()).containsExactly(new SetMetadata("k", "v"));
  }

  @Test
  void staleExpectedAppendsNothing() throws Exception {
    long g = log.createIndex("a");
    log.append("a", g, List.of(insert(1)), OptionalLong.empty());
    assertThatThrownBy(() -> log.append("a", g, List.of(insert(2)), OptionalLong.of(0)))
        .isInstanceOfSatisfying(
            VersionMismatchException.class,
            e -> {
              assertThat(e.expected()).isZero();
              assertThat(e.actual()).isEqualTo(1);
            });
    assertThatThrownBy(() -> log.append("a", g, List.of(), OptionalLong.of(5)))
        .isInstanceOf(VersionMismatchException.class);
    assertThat(log.read("a", g, 0, 10).items()).hasSize(1);
  }

  @Test
  void appendToAnInactiveLineageIsIndexNotFound() {
    long g = log.createIndex("a");
    assertThatThrownBy(() -> log.append("b", 1, List.of(insert(1)), OptionalLong.empty()))
        .isInstanceOf(IndexNotFoundException.class);
    assertThatThrownBy(() -> log.append("a", g + 1, List.of(insert(1)), OptionalLong.empty()))
        .isInstanceOf(IndexNotFoundException.class);
    log.deleteIndex("a");
    assertThatThrownBy(() -> log.append("a", g, List.of(), OptionalLong.empty()))
        .isInstanceOf(IndexNotFoundException.class);
  }

  @Test
  void unknownOrDeletedLineagesReadEmpty() throws Exception {
    assertThat(log.read("x", 1, 0, 5)).isEqualTo(new Page<>(List.of(), 1000));
    long g = log.createIndex("a");
    log.append("a", g, List.of(insert(1)), OptionalLong.empty());
    log.deleteIndex("a");
    assertThat(log.read("a", g, 0, 5).items()).isEmpty();
    long g2 = log.createIndex("a");
    assertThat(g2).isGreaterThan(g);
    assertThat(log.read("a", g2, 0, 5).items()).isEmpty();
  }

  @Test
  void retryAfterIsZeroOnlyForAFullPage() throws Exception {
    long g = log.createIndex("a");
    log.append("a", g, List.of(insert(1), insert(2), insert(3)), OptionalLong.empty());
    assertThat(log.read("a", g, 0, 3).retryAfterMs()).isZero();
    assertThat(log.read("a", g, 0, 4).retryAfterMs()).isEqualTo(1000);
    assertThat(log.read("a", g, 3, 1).retryAfterMs()).isEqualTo(1000);
    assertThat(log.readMeta(0, 1).retryAfterMs()).isZero();
    assertThat(log.readMeta(0, 2).retryAfterMs()).isEqualTo(1000);
  }

  @Test
  void truncatedPositionsAreBelowRetention() throws Exception {
    long g = log.createIndex("a");
    log.append("a", g, List.of(insert(1), insert(2), insert(3)), OptionalLong.empty());
    log.truncate("a", g, 2);
    assertThatThrownBy(() -> log.read("a", g, 1, 10)).isInstanceOf(BelowRetentionException.class);
    assertThatThrownBy(() -> log.read("a", g, 0, 10)).isInstanceOf(BelowRetentionException.class);
    assertThat(log.read("a", g, 2, 10).items()).extracting(Entry::position).containsExactly(3L);
    log.truncate("a", g, 1); // a lower floor changes nothing
    assertThatThrownBy(() -> log.read("a", g, 1, 10)).isInstanceOf(BelowRetentionException.class);
    assertThat(log.append("a", g, List.of(insert(4)), OptionalLong.of(3))).isEqualTo(4);
    assertThat(log.read("a", g, 2, 10).items()).extracting(Entry::position).containsExactly(3L, 4L);
    assertThatThrownBy(() -> log.truncate("a", g, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.truncate("b", 1, 0)).isInstanceOf(IndexNotFoundException.class);
  }

  @Test
  void corpusIsTheFoldedFeedAtItsLastPosition() throws Exception {
    assertThat(log.openCorpus("a", 1)).isEmpty();
    long g = log.createIndex("a");
    assertThat(log.openCorpus("a", g)).isEmpty();
    log.append(
        "a",
        g,
        List.of(insert(1), insert(2), new SetMetadata("k", "1"), new Delete(1)),
        OptionalLong.empty());
    Insert replaced = new Insert(2, new int[] {7});
    log.append("a", g, List.of(replaced, new SetMetadata("k", "2")), OptionalLong.empty());
    log.truncate("a", g, 6);
    CorpusStream corpus = log.openCorpus("a", g).orElseThrow();
    log.append("a", g, List.of(insert(3)), OptionalLong.empty()); // after the copy: not in it
    assertThat(corpus.position()).isEqualTo(6);
    assertThat(corpus.nextBatch()).containsExactly(replaced, new SetMetadata("k", "2"));
    assertThat(corpus.nextBatch()).isNull();
    assertThat(log.openCorpus("a", g + 1)).isEmpty();
    log.deleteIndex("a");
    assertThat(log.openCorpus("a", g)).isEmpty();
  }

  @Test
  void badPageArgumentsAreRejected() {
    assertThatThrownBy(() -> log.read("a", 1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.read("a", 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.readMeta(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Random appends, truncations and page sizes against a plain list of every change. */
  @Test
  void pagesMatchAListModel(Random random) throws Exception {
    long g = log.createIndex("m");
    List<Change> model = new ArrayList<>();
    long floor = 0;
    for (int step = 0; step < 500; step++) {
      int op = random.nextInt(10);
      if (op < 5) {
        List<Change> batch = new ArrayList<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          batch.add(random.nextBoolean() ? insert(random.nextInt(50) + 1) : new Delete(i + 1));
        }
        OptionalLong expected =
            random.nextBoolean() ? OptionalLong.of(model.size()) : OptionalLong.empty();
        assertThat(log.append("m", g, batch, expected)).isEqualTo(model.size() + n);
        model.addAll(batch);
      } else if (op == 5 && model.isEmpty() == false) {
        floor = Math.max(floor, random.nextInt(model.size() + 1));
        log.truncate("m", g, floor);
      } else {
        long after = floor + random.nextInt(model.size() - (int) floor + 2);
        int max = 1 + random.nextInt(8);
        Page<Entry> page = log.read("m", g, after, max);
        int expectedSize = (int) Math.max(0, Math.min(max, model.size() - after));
        assertThat(page.items()).hasSize(expectedSize);
        assertThat(page.retryAfterMs()).isEqualTo(expectedSize == max ? 0 : 1000);
        for (int i = 0; i < expectedSize; i++) {
          Entry entry = page.items().get(i);
          assertThat(entry.position()).isEqualTo(after + 1 + i);
          assertThat(entry.changes()).containsExactly(model.get((int) after + i));
        }
        if (floor > 0) {
          long below = random.nextLong(floor);
          assertThatThrownBy(() -> log.read("m", g, below, max))
              .isInstanceOf(BelowRetentionException.class);
        }
      }
    }
  }

  /** Concurrent batches never interleave: each batch's changes sit at consecutive positions. */
  @Test
  void concurrentBatchesAreAtomic() throws Exception {
    long g = log.createIndex("c");
    int writers = 4;
    int batches = 200;
    int batchSize = 5;
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(
            pool.submit(() -> {
              start.await();
              for (int b = 0; b < batches; b++) {
                List<Change> batch = new ArrayList<>();
                for (int i = 0; i < batchSize; i++) {
                  batch.add(new Delete(writer * 1_000_000 + b * batchSize + i + 1));
                }
                long last = log.append("c", g, batch, OptionalLong.empty());
                assertThat(last % batchSize).isZero();
              }
              return null;
            }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    }
    List<Entry> all = new ArrayList<>();
    Page<Entry> page;
    do {
      page = log.read("c", g, all.size(), 64);
      all.addAll(page.items());
    } while (page.retryAfterMs() == 0);
    assertThat(all).hasSize(writers * batches * batchSize);
    for (int i = 0; i < all.size(); i += batchSize) {
      int first = ((Delete) all.get(i).changes().getFirst()).id();
      for (int j = 1; j < batchSize; j++) {
        assertThat(((Delete) all.get(i + j).changes().getFirst()).id()).isEqualTo(first + j);
      }
    }
  }

  @Test
  void waitingReadersWakeOnAppendAndCreate() throws Exception {
    long g = log.createIndex("w");
    assertThat(log.awaitEntries("w", g, 0, 0)).isFalse();
    assertThat(log.awaitEntries("gone", 1, 0, 60_000)).isFalse();
    CompletableFuture<Boolean> entries =
        CompletableFuture.supplyAsync(() -> await(() -> log.awaitEntries("w", g, 0, 60_000)));
    CompletableFuture<Boolean> meta =
        CompletableFuture.supplyAsync(() -> await(() -> log.awaitMeta(1, 60_000)));
    log.append("w", g, List.of(insert(1)), OptionalLong.empty());
    log.createIndex("other");
    assertThat(entries.get()).isTrue();
    assertThat(meta.get()).isTrue();
  }

  private interface Wait {
    boolean run() throws InterruptedException;
  }

  private static boolean await(Wait wait) {
    try {
      return wait.run();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Insert insert(int id) {
    return new Insert(id, new int[] {id * 10, id * 10 + 1});
  }
}
