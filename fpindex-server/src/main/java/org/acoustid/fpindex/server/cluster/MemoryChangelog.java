package org.acoustid.fpindex.server.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.IndexNotFoundException;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.InvalidIndexNameException;
import org.acoustid.fpindex.SetMetadata;
import org.acoustid.fpindex.VersionMismatchException;

/**
 * The built-in coordinator's feeds, held in memory (spec §11.1): not durable, meant for tests and
 * small setups where the coordinator process lives as long as the cluster.
 *
 * <p>The meta feed is global and never truncated; a create's position is the new lineage's
 * generation, so generations of one name strictly increase. Each active lineage has a data feed
 * with <b>one position per change</b>, dense from 1: an append of n changes takes n positions and
 * returns the last. Appends are atomic per batch and may carry the caller's view of the last
 * position ({@code expected}) for optimistic writes. {@link #truncate} drops a feed's prefix to
 * exercise bounded retention; reads below the floor fail with {@link BelowRetentionException}.
 * Deleting a name drops its lineage's entries (nobody may read a deleted lineage any more; a
 * recreated name gets a new generation, so lineages never mix).
 *
 * <p>Each feed also keeps its folded content (live documents and metadata) and offers it as a
 * {@link #openCorpus corpus stream}, so a new replica can seed itself after the log was truncated
 * without a peer (spec §11.2, and the upstream cluster test that truncates the built-in
 * coordinator's feed). That doubles the memory held per document; this feed is for small setups.
 *
 * <p>Thread-safe: one lock guards everything, and every mutation wakes {@link #awaitEntries} and
 * {@link #awaitMeta} waiters, so a long-polling reader need not spin. {@link #close()} is a no-op
 * apart from waking waiters.
 */
public final class MemoryChangelog implements Changelog {
  /** Answer's retry hint when a page came back short: the reader has caught up. */
  public static final long RETRY_AFTER_MS = 1000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<MetaOp> meta = new ArrayList<>();

  /** Active names and their generations. */
  private final Map<String, Long> active = new HashMap<>();

  /** Data feeds of active lineages only. */
  private final Map<Lineage, Feed> feeds = new HashMap<>();

  private final Map<Lineage, List<Runnable>> watchers = new HashMap<>();

  private record Lineage(String index, long generation) {}

  /** Changes per batch of a corpus stream. */
  static final int CORPUS_BATCH = 1000;

  /**
   * One lineage's entries ({@code entries.get(i)} has position {@code floor + 1 + i}) and their
   * folded content: the last insert per live id, the last value per metadata key.
   */
  private static final class Feed {
    final ArrayList<Entry> entries = new ArrayList<>();
    final Map<Integer, int[]> documents = new HashMap<>();
    final Map<String, String> metadata = new LinkedHashMap<>();
    long floor;

    long last() {
      return floor + entries.size();
    }

    void fold(Change change) {
      switch (change) {
        case Insert insert -> documents.put(insert.id(), insert.hashes());
        case Delete delete -> documents.remove(delete.id());
        case SetMetadata set -> metadata.put(set.key(), set.value());
      }
    }
  }

  @Override
  public long createIndex(String index) {
    if (IndexRegistry.isValidName(index) == false) {
      throw new InvalidIndexNameException("invalid index name \"" + index + "\"");
    }
    lock.lock();
    try {
      Long generation = active.get(index);
      if (generation != null) {
        return generation;
      }
      long position = meta.size() + 1L;
      meta.add(new MetaOp(position, MetaOp.Kind.CREATE, index));
      active.put(index, position);
      feeds.put(new Lineage(index, position), new Feed());
      changed.signalAll();
      return position;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long deleteIndex(String index) {
    lock.lock();
    try {
      Long generation = active.remove(index);
      if (generation == null) {
        return meta.size();
      }
      feeds.remove(new Lineage(index, generation));
      long position = meta.size() + 1L;
      meta.add(new MetaOp(position, MetaOp.Kind.DELETE, index));
      changed.signalAll();
      return position;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Page<MetaOp> readMeta(long after, int max) {
    checkPage(after, max);
    lock.lock();
    try {
      int from = (int) Math.min(after, meta.size());
      int to = (int) Math.min(meta.size(), from + (long) max);
      return page(List.copyOf(meta.subList(from, to)), max);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long append(String index, long generation, List<Change> changes, OptionalLong expected) {
    lock.lock();
    try {
      Feed feed = activeFeed(index, generation);
      long last = feed.last();
      if (expected.isPresent() && expected.getAsLong() != last) {
        throw new VersionMismatchException(expected.getAsLong(), last);
      }
      feed.entries.ensureCapacity(feed.entries.size() + changes.size());
      for (Change change : changes) {
        feed.entries.add(new Entry(feed.last() + 1, List.of(change)));
        feed.fold(change);
      }
      if (changes.isEmpty() == false) {
        changed.signalAll();
        watchers.getOrDefault(new Lineage(index, generation), List.of()).forEach(Runnable::run);
      }
      return feed.last();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code onAppend} after every non-empty append to the lineage, on the appending thread. */
  @Override
  public Optional<AutoCloseable> watch(String index, long generation, Runnable onAppend) {
    Lineage lineage = new Lineage(index, generation);
    lock.lock();
    try {
      watchers.computeIfAbsent(lineage, k -> new CopyOnWriteArrayList<>()).add(onAppend);
    } finally {
      lock.unlock();
    }
    return Optional.of(() -> {
      lock.lock();
      try {
        List<Runnable> list = watchers.get(lineage);
        if (list != null && list.remove(onAppend) && list.isEmpty()) {
          watchers.remove(lineage);
        }
      } finally {
        lock.unlock();
      }
    });
  }

  @Override
  public Page<Entry> read(String index, long generation, long after, int max)
      throws BelowRetentionException {
    checkPage(after, max);
    lock.lock();
    try {
      Feed feed = feeds.get(new Lineage(index, generation));
      if (feed == null) {
        return new Page<>(List.of(), RETRY_AFTER_MS);
      }
      if (after < feed.floor) {
        throw new BelowRetentionException(
            index + "/" + generation + ": after=" + after + " is below the floor " + feed.floor);
      }
      int from = (int) Math.min(after - feed.floor, feed.entries.size());
      int to = (int) Math.min(feed.entries.size(), from + (long) max);
      return page(List.copyOf(feed.entries.subList(from, to)), max);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The lineage's folded content at its last position, copied under the lock (inserts, then
   * metadata), in batches of {@value #CORPUS_BATCH}; empty when the lineage is not active or has no
   * entries yet (there is nothing to seed from).
   */
  @Override
  public Optional<CorpusStream> openCorpus(String index, long generation) {
    lock.lock();
    try {
      Long current = active.get(index);
      if (current == null || current != generation) {
        return Optional.empty();
      }
      Feed feed = feeds.get(new Lineage(index, generation));
      if (feed.last() == 0) {
        return Optional.empty();
      }
      List<Change> corpus = new ArrayList<>(feed.documents.size() + feed.metadata.size());
      feed.documents.forEach((id, hashes) -> corpus.add(new Insert(id, hashes)));
      feed.metadata.forEach((key, value) -> corpus.add(new SetMetadata(key, value)));
      return Optional.of(new ListCorpus(feed.last(), corpus));
    } finally {
      lock.unlock();
    }
  }

  /** A corpus already copied out of the feed, handed out in batches. */
  private static final class ListCorpus implements CorpusStream {
    private final long position;
    private final List<Change> changes;
    private int next;

    ListCorpus(long position, List<Change> changes) {
      this.position = position;
      this.changes = changes;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public List<Change> nextBatch() {
      if (next >= changes.size()) {
        return null;
      }
      int end = Math.min(changes.size(), next + CORPUS_BATCH);
      List<Change> batch = changes.subList(next, end);
      next = end;
      return batch;
    }

    @Override
    public void close() {}
  }

  /**
   * Makes positions {@code <= floor} of an active lineage unreadable and frees them. A floor at or
   * below the current one changes nothing.
   *
   * @throws IndexNotFoundException when the lineage is not active
   * @throws IllegalArgumentException when {@code floor} is above the last position
   */
  public void truncate(String index, long generation, long floor) {
    lock.lock();
    try {
      Feed feed = activeFeed(index, generation);
      if (floor > feed.last()) {
        throw new IllegalArgumentException(
            "floor must be <= the last position " + feed.last() + ", got floor=" + floor);
      }
      if (floor > feed.floor) {
        feed.entries.subList(0, (int) (floor - feed.floor)).clear();
        feed.floor = floor;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits at most {@code timeoutMs} until the lineage has entries above {@code after} (or was
   * truncated above it); true when a read has something new to say, false on timeout and at once
   * when the lineage is not active.
   */
  public boolean awaitEntries(String index, long generation, long after, long timeoutMs)
      throws InterruptedException {
    Lineage lineage = new Lineage(index, generation);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    lock.lock();
    try {
      while (true) {
        Feed feed = feeds.get(lineage);
        if (feed == null || feed.last() > after || feed.floor > after) {
          return feed != null;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the meta feed has ops above {@code after}, at most {@code timeoutMs}. */
  public boolean awaitMeta(long after, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    lock.lock();
    try {
      while (meta.size() <= after) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Feed activeFeed(String index, long generation) {
    Long current = active.get(index);
    if (current == null || current != generation) {
      throw new IndexNotFoundException(
          "no active lineage "
              + index
              + "/"
              + generation
              + " (active generation: "
              + current
              + ")");
    }
    return feeds.get(new Lineage(index, generation));
  }

  private static <T> Page<T> page(List<T> items, int max) {
    return new Page<>(items, items.size() == max ? 0 : RETRY_AFTER_MS);
  }

  private static void checkPage(long after, int max) {
    if (after < 0) {
      throw new IllegalArgumentException("after must be >= 0, got after=" + after);
    }
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, got max=" + max);
    }
  }
}
