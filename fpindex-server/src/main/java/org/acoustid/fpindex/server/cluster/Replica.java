package org.acoustid.fpindex.server.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.IndexNotFoundException;
import org.acoustid.fpindex.IndexRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node in replica mode (spec §11): it never writes locally first. Index creation and deletion go
 * to the changelog's meta feed, writes to the lineage's data feed; the call then waits until this
 * node's own consumer applied the returned position (read-your-writes, {@link #WRITE_BUDGET}).
 *
 * <p>The meta consumer runs on one thread: it catches up on the whole meta feed, folds it to the
 * last op per name, makes the local registry match (a lineage of another generation is dropped and
 * recreated; names the feed does not list are dropped), then follows new ops one by one. An op that
 * fails is parked and retried every second without holding back other names. Each active lineage
 * has a {@link LineageFollower}.
 */
public final class Replica implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Replica.class);
  public static final Duration WRITE_BUDGET = Duration.ofSeconds(30);

  private final IndexRegistry registry;
  private final Changelog changelog;
  private final PeerBootstrap bootstrap;
  private final Consumer<String> onApplied;
  private final Map<String, LineageFollower> followers = new ConcurrentHashMap<>();
  private final ReentrantLock metaLock = new ReentrantLock();
  private final Condition metaChanged = metaLock.newCondition();
  // guarded by metaLock
  private long metaApplied = -1;
  private boolean metaNudged;
  private volatile boolean closed;
  private Thread metaThread;

  public Replica(IndexRegistry registry, Changelog changelog, PeerBootstrap bootstrap) {
    this(registry, changelog, bootstrap, index -> {});
  }

  /**
   * @param onApplied called with the index name after each batch this node applies from the feed
   *     (the {@code fpindex_updates_total} counter)
   */
  public Replica(
      IndexRegistry registry,
      Changelog changelog,
      PeerBootstrap bootstrap,
      Consumer<String> onApplied) {
    this.onApplied = onApplied;
    this.registry = registry;
    this.changelog = changelog;
    this.bootstrap = bootstrap;
  }

  /** Starts the meta consumer; lineages get their followers as the feed is folded. */
  public Replica start() {
    metaThread = Thread.ofPlatform().daemon().name("fpindex-meta").start(this::runMeta);
    return this;
  }

  /** The changelog this node follows. */
  public Changelog changelog() {
    return changelog;
  }

  /** True when {@code name} is active but still being filled (searches answer 503). */
  public boolean loading(String name) {
    LineageFollower f = followers.get(name);
    return f != null && f.loading();
  }

  /** The position this node applied for {@code name}, or -1 when it follows no such lineage. */
  public long applied(String name) {
    LineageFollower f = followers.get(name);
    return f == null ? -1 : f.applied();
  }

  /**
   * Waits until this node applied {@code position} of {@code name}'s lineage.
   *
   * @return false when the timeout passed first or the node follows no such lineage
   */
  public boolean awaitApplied(String name, long position, Duration timeout)
      throws InterruptedException {
    LineageFollower f = followers.get(name);
    return f != null && f.awaitApplied(position, System.nanoTime() + timeout.toNanos());
  }

  /**
   * Creates {@code name} through the meta feed and waits until this node holds it.
   *
   * @return the lineage's index and generation
   */
  public IndexRegistry.CreateResult createIndex(String name)
      throws IOException, InterruptedException {
    boolean existed = registry.get(name).isPresent();
    long generation = changelog.createIndex(name);
    long deadline = System.nanoTime() + WRITE_BUDGET.toNanos();
    while (true) {
      awaitMeta(generation, deadline);
      Optional<FpIndex> index = registry.get(name);
      if (index.isPresent() && registry.generation(name) == generation) {
        return new IndexRegistry.CreateResult(index.get(), generation, existed == false);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new ReplicationTimeoutException(
            "index " + name + " generation " + generation + " not created here within the budget");
      }
      pauseMeta(100);
    }
  }

  /**
   * Deletes {@code name} through the meta feed and waits until this node dropped it.
   *
   * @return whether this node held the index before
   */
  public boolean deleteIndex(String name) throws IOException, InterruptedException {
    boolean existed = registry.get(name).isPresent();
    long position = changelog.deleteIndex(name);
    awaitMeta(position, System.nanoTime() + WRITE_BUDGET.toNanos());
    return existed;
  }

  /**
   * Appends {@code changes} to the lineage's feed and waits until this node applied them.
   *
   * @return the position, which is the index version once applied
   * @throws IndexNotFoundException when this node holds no such index
   * @throws ReplicationTimeoutException when the budget passes before the local apply
   */
  public long write(String name, List<? extends Change> changes, OptionalLong expected)
      throws IOException, InterruptedException {
    LineageFollower follower = followers.get(name);
    if (follower == null) {
      throw new IndexNotFoundException("no index named " + name);
    }
    long position = changelog.append(name, follower.generation(), List.copyOf(changes), expected);
    follower.nudge();
    if (follower.awaitApplied(position, System.nanoTime() + WRITE_BUDGET.toNanos()) == false) {
      throw new ReplicationTimeoutException(
          "position " + position + " of " + name + " not applied here within the budget");
    }
    return position;
  }

  private void awaitMeta(long position, long deadline) throws InterruptedException {
    metaLock.lock();
    try {
      metaNudged = true;
      metaChanged.signalAll();
      while (metaApplied < position) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ReplicationTimeoutException(
              "meta position " + position + " not applied here within the budget");
        }
        metaChanged.awaitNanos(left);
      }
    } finally {
      metaLock.unlock();
    }
  }

  private void pauseMeta(long millis) throws InterruptedException {
    metaLock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (metaNudged == false && closed == false && nanos > 0) {
        nanos = metaChanged.awaitNanos(nanos);
      }
      metaNudged = false;
    } finally {
      metaLock.unlock();
    }
  }

  private void setMetaApplied(long position) {
    metaLock.lock();
    try {
      metaApplied = position;
      metaChanged.signalAll();
    } finally {
      metaLock.unlock();
    }
  }

  private void runMeta() {
    try {
      Map<String, Changelog.MetaOp> parked = new HashMap<>();
      long position = catchUp(parked);
      long lastRetry = System.nanoTime();
      while (closed == false) {
        if (parked.isEmpty() == false
            && System.nanoTime() - lastRetry
                >= TimeUnit.MILLISECONDS.toNanos(LineageFollower.RETRY_MS)) {
          lastRetry = System.nanoTime();
          parked.values().removeIf(this::applyQuietly);
        }
        Changelog.Page<Changelog.MetaOp> page;
        try {
          page = changelog.readMeta(position, LineageFollower.BATCH);
        } catch (IOException | RuntimeException e) {
          log.warn("reading the meta feed failed: {}", e.toString());
          pauseMeta(LineageFollower.RETRY_MS);
          continue;
        }
        for (Changelog.MetaOp op : page.items()) {
          parked.remove(op.index());
          if (applyQuietly(op) == false) {
            parked.put(op.index(), op);
          }
          position = op.position();
          setMetaApplied(position);
        }
        if (page.items().isEmpty()) {
          pauseMeta(Math.max(page.retryAfterMs(), LineageFollower.MIN_POLL_MS));
        }
      }
    } catch (InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      if (closed == false) {
        log.error("meta consumer died", e);
      }
    }
  }

  /**
   * Reads the whole meta feed, folds it, and makes the registry match; returns the position. Ops
   * that fail go to {@code parked}.
   */
  private long catchUp(Map<String, Changelog.MetaOp> parked) throws InterruptedException {
    Map<String, Changelog.MetaOp> folded = new TreeMap<>();
    long position = 0;
    while (closed == false) {
      Changelog.Page<Changelog.MetaOp> page;
      try {
        page = changelog.readMeta(position, LineageFollower.BATCH);
      } catch (IOException | RuntimeException e) {
        log.warn("reading the meta feed failed, retrying: {}", e.toString());
        pauseMeta(LineageFollower.RETRY_MS);
        continue;
      }
      for (Changelog.MetaOp op : page.items()) {
        folded.put(op.index(), op);
        position = op.position();
      }
      if (page.items().isEmpty() || page.retryAfterMs() > 0) {
        break;
      }
    }
    for (String local : registry.names()) {
      Changelog.MetaOp op = folded.get(local);
      if (op == null || op.kind() == Changelog.MetaOp.Kind.DELETE) {
        log.info("{}: not active in the meta feed, dropping the local copy", local);
        applyQuietly(new Changelog.MetaOp(position, Changelog.MetaOp.Kind.DELETE, local));
      }
    }
    for (Changelog.MetaOp op : folded.values()) {
      if (op.kind() == Changelog.MetaOp.Kind.CREATE && applyQuietly(op) == false) {
        parked.put(op.index(), op);
      }
    }
    log.info("meta feed folded at position {}: {} active index(es)", position, followers.size());
    setMetaApplied(position);
    return position;
  }

  private boolean applyQuietly(Changelog.MetaOp op) {
    try {
      if (op.kind() == Changelog.MetaOp.Kind.CREATE) {
        ensureLineage(op.index(), op.position());
      } else {
        drop(op.index());
      }
      return true;
    } catch (IOException | RuntimeException e) {
      log.error("{}: applying meta op {} failed, retrying every second", op.index(), op, e);
      return false;
    }
  }

  private void ensureLineage(String name, long generation) throws IOException {
    LineageFollower current = followers.get(name);
    if (current != null && current.generation() == generation) {
      return;
    }
    Optional<FpIndex> local = registry.get(name);
    if (local.isPresent() && registry.generation(name) != generation) {
      log.info(
          "{}: local generation {} differs from the feed's {}, rebuilding",
          name,
          registry.generation(name),
          generation);
      drop(name);
    }
    FpIndex index = registry.create(name, false, OptionalLong.of(generation)).index();
    LineageFollower follower =
        new LineageFollower(name, generation, index, changelog, bootstrap, registry, onApplied);
    followers.put(name, follower);
    follower.start();
  }

  private void drop(String name) throws IOException {
    LineageFollower follower = followers.remove(name);
    if (follower != null) {
      follower.stop();
    }
    registry.delete(name);
  }

  /** Stops the consumers; the registry and the changelog stay open (their owner closes them). */
  @Override
  public void close() {
    closed = true;
    metaLock.lock();
    try {
      metaChanged.signalAll();
    } finally {
      metaLock.unlock();
    }
    if (metaThread != null) {
      try {
        metaThread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // all at once, then wait: shutdown takes one follower's step, not the sum of them
    followers.values().forEach(LineageFollower::requestStop);
    followers.values().forEach(LineageFollower::awaitStop);
    followers.clear();
    bootstrap.close();
  }
}
