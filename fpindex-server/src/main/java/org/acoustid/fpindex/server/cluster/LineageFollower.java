package org.acoustid.fpindex.server.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.IndexClosedException;
import org.acoustid.fpindex.IndexRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data consumer of one lineage (spec §11.2): reads up to {@value #BATCH} entries above the
 * applied position, commits them as one local commit at the last entry's position, and repeats. An
 * empty lineage is seeded from a peer snapshot before it serves; a position the feed dropped by
 * retention sends it back to loading until a peer snapshot heals it.
 *
 * <p>Runs on its own thread until {@link #stop()}. Writers wait for their position with {@link
 * #awaitApplied}; {@link #nudge()} makes an idle follower read at once instead of after its poll
 * interval, so a local write is visible in about one feed round trip.
 */
final class LineageFollower implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(LineageFollower.class);
  static final int BATCH = 256;
  static final long MIN_POLL_MS = 50;
  static final long RETRY_MS = 1000;

  private final String name;
  private final long generation;
  private final Changelog changelog;
  private final PeerBootstrap bootstrap;
  private final IndexRegistry registry;
  private final Consumer<String> onApplied;
  private final Path stagingRoot;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // guarded by lock
  private boolean nudged;
  private volatile FpIndex index;
  private volatile long applied;
  private volatile boolean loading;
  private volatile boolean stopped;
  private Thread thread;

  LineageFollower(
      String name,
      long generation,
      FpIndex index,
      Changelog changelog,
      PeerBootstrap bootstrap,
      IndexRegistry registry,
      Consumer<String> onApplied) {
    this.onApplied = onApplied;
    this.registry = registry;
    // beside the indexes: a name starting with '.' is never taken for an index
    this.stagingRoot = registry.root() == null ? null : registry.root().resolve(".staging");
    this.name = name;
    this.generation = generation;
    this.index = index;
    this.changelog = changelog;
    this.bootstrap = bootstrap;
    this.applied = index.info().version();
    this.loading = applied == 0;
  }

  void start() {
    thread = Thread.ofPlatform().daemon().name("fpindex-follow-" + name).start(this);
  }

  long generation() {
    return generation;
  }

  long applied() {
    return applied;
  }

  /** True while the lineage is being filled from a peer or replayed from empty. */
  boolean loading() {
    return loading;
  }

  @Override
  public void run() {
    AutoCloseable watch = null;
    try {
      // a feed that pushes wakes us on every append (from any node); others are polled
      watch = changelog.watch(name, generation, this::nudge).orElse(null);
    } catch (IOException | RuntimeException e) {
      log.warn("{}/{}: cannot watch the feed, polling it: {}", name, generation, e.toString());
    }
    try {
      long seeded = applied == 0 ? seed() : applied;
      loading = false;
      advance(seeded); // waiters see the new position only once searches are served
      while (stopped == false) {
        followOnce();
      }
    } catch (InterruptedException e) {
      // stopped
    } catch (RuntimeException e) {
      if (stopped == false) {
        log.error("{}/{}: follower died", name, generation, e);
      }
    } finally {
      if (watch != null) {
        try {
          watch.close();
        } catch (Exception e) {
          log.debug("{}/{}: closing the watch failed", name, generation, e);
        }
      }
    }
  }

  /**
   * An empty lineage: take a peer's snapshot if one is ahead, else the feed's corpus stream if it
   * offers one, else replay from position 0.
   */
  private long seed() throws InterruptedException {
    try {
      OptionalLong installed = bootstrap.install(name, generation, 0, changelog, this::replace);
      if (installed.isPresent()) {
        log.info(
            "{}/{}: seeded from a peer snapshot at {}", name, generation, installed.getAsLong());
        return installed.getAsLong();
      }
    } catch (IOException | RuntimeException e) {
      log.warn("{}/{}: peer snapshot failed: {}", name, generation, e.toString());
    }
    if (stagingRoot == null) {
      return 0;
    }
    try {
      Optional<FpIndex> seeded =
          CorpusSeeder.seed(registry, stagingRoot, changelog, name, generation);
      if (seeded.isPresent()) {
        replace(seeded.get());
        return seeded.get().info().version();
      }
    } catch (IOException | RuntimeException e) {
      log.warn(
          "{}/{}: corpus stream failed, replaying the feed: {}", name, generation, e.toString());
    }
    return 0;
  }

  /** Follows the installed index from now on; the caller publishes its version. */
  private void replace(FpIndex installed) {
    index = installed;
  }

  private void followOnce() throws InterruptedException {
    Changelog.Page<Changelog.Entry> page;
    try {
      page = changelog.read(name, generation, applied, BATCH);
    } catch (BelowRetentionException e) {
      heal(e);
      return;
    } catch (IOException | RuntimeException e) {
      log.warn("{}/{}: reading the feed failed: {}", name, generation, e.toString());
      pause(RETRY_MS);
      return;
    }
    if (page.items().isEmpty()) {
      pause(Math.max(page.retryAfterMs(), MIN_POLL_MS));
      return;
    }
    List<Change> changes = new ArrayList<>();
    for (Changelog.Entry entry : page.items()) {
      changes.addAll(entry.changes());
    }
    long last = page.items().getLast().position();
    try {
      index.updateAt(changes, last);
    } catch (IndexClosedException e) {
      if (stopped) {
        return;
      }
      log.error("{}/{}: index closed, applying at {} failed", name, generation, last, e);
      pause(RETRY_MS);
      return;
    } catch (IOException | RuntimeException e) {
      log.error("{}/{}: applying at {} failed, retrying", name, generation, last, e);
      pause(RETRY_MS);
      return;
    }
    advance(last);
    onApplied.accept(name);
  }

  /** The feed dropped what we need: load from a peer, retrying every second until one can serve. */
  private void heal(BelowRetentionException cause) throws InterruptedException {
    log.warn(
        "{}/{}: below the feed's retention at {}: {}",
        name,
        generation,
        applied,
        cause.getMessage());
    loading = true;
    while (stopped == false) {
      try {
        OptionalLong installed =
            bootstrap.install(name, generation, applied, changelog, this::replace);
        if (installed.isPresent()) {
          log.info(
              "{}/{}: restored from a peer snapshot at {}",
              name,
              generation,
              installed.getAsLong());
          loading = false;
          advance(installed.getAsLong());
          return;
        }
      } catch (IOException | RuntimeException e) {
        log.warn("{}/{}: peer snapshot failed: {}", name, generation, e.toString());
      }
      pause(RETRY_MS);
    }
  }

  private void advance(long position) {
    lock.lock();
    try {
      applied = position;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void pause(long millis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (nudged == false && stopped == false && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      nudged = false;
    } finally {
      lock.unlock();
    }
  }

  /** Makes an idle follower read now: a write was just appended. */
  void nudge() {
    lock.lock();
    try {
      nudged = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until this node applied {@code position}.
   *
   * @return false when {@code deadlineNanos} (a {@link System#nanoTime()} value) passed first
   */
  boolean awaitApplied(long position, long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (applied < position && stopped == false) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return applied >= position;
    } finally {
      lock.unlock();
    }
  }

  /** Stops following and waits for the thread to finish its current step. */
  void stop() {
    requestStop();
    awaitStop();
  }

  /** Asks the follower to stop after its current step, without waiting. */
  void requestStop() {
    stopped = true;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits (a few seconds at most) for the thread to finish its current step. */
  void awaitStop() {
    // no interrupt: it would close the log's file channel in the middle of a commit
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
