package org.acoustid.fpindex;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.acoustid.fpindex.merge.MergeCandidate;
import org.acoustid.fpindex.search.OrdinalCounts;
import org.acoustid.fpindex.search.SegmentScorer;
import org.acoustid.fpindex.search.TopHits;
import org.acoustid.fpindex.segment.Segment;
import org.acoustid.fpindex.segment.SegmentBuilder;
import org.acoustid.fpindex.segment.SegmentData;
import org.acoustid.fpindex.segment.SegmentFormat;
import org.acoustid.fpindex.segment.SegmentWriter;
import org.acoustid.fpindex.snapshot.SnapshotFormat;
import org.acoustid.fpindex.store.DirectoryOps;
import org.acoustid.fpindex.store.Manifest;
import org.acoustid.fpindex.wal.WalFile;
import org.acoustid.fpindex.wal.WalRecord;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inverted index of fingerprints: documents {@code (id, hashes)}, searched for the documents
 * sharing the most hashes with a query.
 *
 * <pre>{@code
 * try (FpIndex index = FpIndex.open(Path.of("data/main"), FpIndexConfig.builder().build())) {
 *   index.update(List.of(new Insert(1, new int[] {11000, 12000, 13000})), OptionalLong.empty());
 *   SearchResult r = index.search(SearchRequest.of(new int[] {11000, 12000}));
 *   r.hits(); // [SearchHit[id=1, score=2]]
 * }
 * }</pre>
 *
 * <p><b>Writes.</b> Each {@link #update} is one commit: appended to the write-ahead log, made
 * durable with fsync (concurrent writers share one fsync: group commit), then published as a new
 * memory segment; it returns only after all of that, so an acknowledged write survives {@code kill
 * -9} and is visible to the next search. Memory segments are checkpointed into immutable file
 * segments by size and age; file segments are merged in the background by a {@link
 * org.acoustid.fpindex.merge.TieredMergePolicy}. A newer segment shadows older ones per id.
 *
 * <p><b>Reads.</b> Searches run on an immutable view of the segment list and never block on writes,
 * checkpoints or merges, nor see half of one.
 *
 * <p><b>Failures.</b> If a write fails half-way (disk full, I/O error) the index closes itself:
 * every later call throws {@link IndexClosedException} with that failure as cause, so it never
 * serves a state that disagrees with its log. Reopening recovers from the log.
 *
 * <p>Thread-safe. The caller owns the index and must {@link #close()} it.
 */
public final class FpIndex implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FpIndex.class);

  /** Counts of background work, for metrics. */
  public record MaintenanceCounts(long checkpoints, long memoryMerges, long fileMerges) {}

  private final Path dir;
  private final FpIndexConfig config;
  private final long generation;
  private volatile IndexView view;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final ReentrantLock publishLock = new ReentrantLock();
  private final ReentrantLock maintenanceLock = new ReentrantLock();
  // one file merge at a time; taken before maintenanceLock, which a merge holds only to publish
  private final ReentrantLock mergeLock = new ReentrantLock();

  // guarded by writeLock
  private long lastAssigned;
  private Map<String, String> lastAssignedMetadata;
  private WalFile wal;
  private final List<Path> olderWals = new ArrayList<>();
  // guarded by syncLock
  private long syncedVersion;
  private volatile long appendedVersion;
  // guarded by maintenanceLock
  private Manifest manifest;

  private record Pending(long version, Segment segment, Map<String, String> metadata) {}

  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicLong checkpoints = new AtomicLong();
  private final AtomicLong memoryMerges = new AtomicLong();
  private final AtomicLong fileMerges = new AtomicLong();
  private final ScheduledExecutorService maintenance;
  private volatile Throwable tragedy;
  private volatile boolean closed;

  private FpIndex(
      Path dir, FpIndexConfig config, long generation, IndexView view, Manifest manifest) {
    this.dir = dir;
    this.config = config;
    this.generation = generation;
    this.view = view;
    this.manifest = manifest;
    this.lastAssigned = view.version;
    this.lastAssignedMetadata = view.metadata;
    this.syncedVersion = view.version;
    this.appendedVersion = view.version;
    if (config.backgroundMaintenance()) {
      // two threads: checkpoints go on while a long file merge runs
      maintenance =
          Executors.newScheduledThreadPool(
              2, r -> Thread.ofPlatform().daemon().name("fpindex-maintenance").unstarted(r));
      maintenance.scheduleWithFixedDelay(
          () -> quietly(this::flushMemory),
          config.maintenanceIntervalMs(),
          config.maintenanceIntervalMs(),
          TimeUnit.MILLISECONDS);
      maintenance.scheduleWithFixedDelay(
          () -> quietly(this::mergeFiles),
          config.maintenanceIntervalMs(),
          config.maintenanceIntervalMs(),
          TimeUnit.MILLISECONDS);
    } else {
      maintenance = null;
    }
  }

  /** An index with no files: nothing survives {@link #close()}. */
  public static FpIndex inMemory(FpIndexConfig config) {
    return new FpIndex(null, config, 1, IndexView.empty(), Manifest.EMPTY);
  }

  /** Opens (creating if missing) the index in {@code directory}, recovering from its log. */
  public static FpIndex open(Path directory, FpIndexConfig config) throws IOException {
    return open(directory, config, 1);
  }

  /** As {@link #open(Path, FpIndexConfig)}, recording the lineage's {@code generation}. */
  public static FpIndex open(Path directory, FpIndexConfig config, long generation)
      throws IOException {
    Files.createDirectories(directory);
    Recovery recovered = Recovery.run(directory, config);
    FpIndex index =
        new FpIndex(directory, config, generation, recovered.view(), recovered.manifest());
    index.writeLock.lock();
    try {
      index.wal = WalFile.create(config.fileIo(), directory, recovered.view().version + 1);
      index.olderWals.addAll(recovered.remainingWals());
    } catch (IOException e) {
      index.close();
      throw e;
    } finally {
      index.writeLock.unlock();
    }
    return index;
  }

  /**
   * Restores an index from a {@link #snapshot(OutputStream)} stream into the empty or missing
   * {@code directory}, and opens it. The stream's format and, when {@code expectedGeneration} is
   * present, its generation are checked before anything is written.
   */
  public static FpIndex restore(
      InputStream in, Path directory, FpIndexConfig config, OptionalLong expectedGeneration)
      throws IOException {
    long generation = SnapshotFormat.restore(in, directory, expectedGeneration);
    return open(directory, config, generation);
  }

  /**
   * {@link #restore(InputStream, Path, FpIndexConfig, OptionalLong)} without a generation check.
   */
  public static FpIndex restore(InputStream in, Path directory, FpIndexConfig config)
      throws IOException {
    return restore(in, directory, config, OptionalLong.empty());
  }

  public long generation() {
    return generation;
  }

  /**
   * Applies {@code changes} as one atomic, durable commit and returns the new version (+1 per call,
   * also for an empty list). For each id the last change wins; metadata entries apply in order.
   *
   * @throws VersionMismatchException if {@code expectedVersion} is given and differs; nothing
   *     written
   * @throws IllegalArgumentException for an insert or delete of id 0; nothing written
   * @throws IOException if the log could not be written; the index is then closed
   */
  public long update(List<? extends Change> changes, OptionalLong expectedVersion)
      throws IOException {
    return commit(changes, expectedVersion, 0);
  }

  /**
   * Applies {@code changes} as one atomic, durable commit at exactly {@code version}, which must
   * exceed the current version: a replica commits its changelog's entries at the feed's positions,
   * which may skip numbers. Otherwise as {@link #update}.
   *
   * @throws VersionMismatchException if {@code version} is not above the current version; nothing
   *     written
   */
  public long updateAt(List<? extends Change> changes, long version) throws IOException {
    if (version <= 0) {
      throw new IllegalArgumentException("version must be positive, got " + version);
    }
    return commit(changes, OptionalLong.empty(), version);
  }

  private long commit(
      List<? extends Change> changes, OptionalLong expectedVersion, long explicitVersion)
      throws IOException {
    for (Change change : changes) {
      if ((change instanceof Insert i && i.id() == 0)
          || (change instanceof Delete d && d.id() == 0)) {
        throw new IllegalArgumentException("document id must not be 0");
      }
    }
    long version;
    writeLock.lock();
    try {
      ensureOpen();
      if (expectedVersion.isPresent() && expectedVersion.getAsLong() != lastAssigned) {
        throw new VersionMismatchException(expectedVersion.getAsLong(), lastAssigned);
      }
      if (explicitVersion != 0 && explicitVersion <= lastAssigned) {
        throw new VersionMismatchException(explicitVersion - 1, lastAssigned);
      }
      version = explicitVersion == 0 ? lastAssigned + 1 : explicitVersion;
      SegmentData data = SegmentBuilder.fromChanges(changes, version, lastAssignedMetadata);
      if (wal != null) {
        byte[] record = WalRecord.encode(version, lastAssigned, changes);
        try {
          wal.append(record);
        } catch (IOException | RuntimeException e) {
          throw tragic(e);
        }
      }
      Segment segment = Segment.wrapFresh(SegmentWriter.encode(data, Arena.ofAuto()), 0);
      lastAssigned = version;
      lastAssignedMetadata = data.metadata();
      pending.add(new Pending(version, segment, data.metadata()));
      appendedVersion = version;
    } finally {
      writeLock.unlock();
    }
    syncUpTo(version);
    publishDurable();
    return version;
  }

  private void syncUpTo(long version) throws IOException {
    syncLock.lock();
    try {
      if (syncedVersion >= version) {
        return;
      }
      ensureOpen();
      long target = appendedVersion;
      if (wal != null) {
        try {
          wal.force();
        } catch (IOException | RuntimeException e) {
          throw tragic(e);
        }
      }
      syncedVersion = target;
    } finally {
      syncLock.unlock();
    }
  }

  private void publishDurable() {
    publishLock.lock();
    try {
      long durable;
      syncLock.lock();
      try {
        durable = syncedVersion;
      } finally {
        syncLock.unlock();
      }
      Pending next;
      while ((next = pending.peek()) != null && next.version() <= durable) {
        pending.poll();
        view = view.withCommit(next.segment(), next.version(), next.metadata());
      }
    } finally {
      publishLock.unlock();
    }
  }

  /** Searches the current view. */
  public SearchResult search(SearchRequest request) {
    ensureOpen();
    IndexView v = view;
    int[] query = distinctSorted(request.query());
    long deadline =
        request.timeout().isZero()
            ? Long.MAX_VALUE
            : System.nanoTime() + request.timeout().toNanos();
    TopHits top = new TopHits(request.limit(), request.effectiveFloor());
    OrdinalCounts counts = OrdinalCounts.acquire();
    SegmentScorer.Deadline checkDeadline =
        () -> {
          if (System.nanoTime() - deadline > 0) {
            throw new SearchTimeoutException(
                "search passed its " + request.timeout().toMillis() + " ms deadline");
          }
        };
    try {
      for (int s = 0; s < v.segments.size(); s++) {
        Segment segment = v.segments.get(s);
        int cap =
            segment.isFlushed() && config.maxDocsPerHash() > 0
                ? config.maxDocsPerHash()
                : Integer.MAX_VALUE;
        SegmentScorer.score(
            segment, v.masks.get(s), query, cap, request.scorePct(), top, counts, checkDeadline);
      }
      return new SearchResult(top.finish(request.scorePct()), v.version);
    } catch (IllegalStateException e) {
      throw closedOr(e);
    } finally {
      OrdinalCounts.release(counts);
    }
  }

  static int[] distinctSorted(int[] query) {
    int[] q = query.clone();
    for (int i = 0; i < q.length; i++) {
      q[i] ^= Integer.MIN_VALUE;
    }
    Arrays.sort(q);
    int n = 0;
    for (int i = 0; i < q.length; i++) {
      int flipped = q[i];
      if (i == 0 || flipped != q[i - 1]) {
        q[n++] = flipped;
      }
    }
    int[] out = Arrays.copyOf(q, n);
    for (int i = 0; i < n; i++) {
      out[i] ^= Integer.MIN_VALUE;
    }
    return out;
  }

  /** The version of the last write of live document {@code id}, or empty (absent or deleted). */
  public OptionalLong get(int id) {
    ensureOpen();
    IndexView v = view;
    for (int s = v.segments.size() - 1; s >= 0; s--) {
      Segment segment = v.segments.get(s);
      if (segment.ids().contains(id)) {
        int ordinal = segment.ordinalOf(id);
        return segment.isTombstone(ordinal)
            ? OptionalLong.empty()
            : OptionalLong.of(segment.version(ordinal));
      }
    }
    return OptionalLong.empty();
  }

  /** One consistent view of version, metadata and statistics. */
  public IndexInfo info() {
    ensureOpen();
    IndexView v = view;
    long live = 0;
    RoaringBitmap all = new RoaringBitmap();
    for (int s = 0; s < v.segments.size(); s++) {
      Segment segment = v.segments.get(s);
      live +=
          segment.liveIds().getCardinality()
              - RoaringBitmap.andCardinality(segment.liveIds(), v.masks.get(s));
      all.or(segment.ids());
    }
    int min = all.isEmpty() ? 0 : all.first();
    int max = all.isEmpty() ? 0 : all.last();
    return new IndexInfo(v.version, v.metadata, live, v.segments.size(), min, max, v.fileVersion);
  }

  /** Bytes the current segments hold (encoded postings, document tables, directories, bitmaps). */
  public long residentBytes() {
    long total = 0;
    for (Segment s : view.segments) {
      total += s.residentBytes();
    }
    return total;
  }

  public MaintenanceCounts maintenanceCounts() {
    return new MaintenanceCounts(checkpoints.get(), memoryMerges.get(), fileMerges.get());
  }

  /**
   * Writes the file segments (not memory segments) as a snapshot stream: a MessagePack header
   * {@code {f: 1, g: generation, s: [{i: [seq, 0, maxVersion], s: bytes}]}} then each segment's
   * bytes. {@link #restore} reads it back.
   */
  public void snapshot(OutputStream out) throws IOException {
    ensureOpen();
    List<Segment> files = new ArrayList<>();
    for (Segment s : view.flushed()) {
      if (s.seq() > 0) {
        files.add(s);
      }
    }
    SnapshotFormat.write(out, generation, files);
  }

  /** Flushes all memory segments into one file segment now. */
  public void checkpoint() throws IOException {
    ensureOpen();
    maintenanceLock.lock();
    try {
      checkpointLocked();
    } finally {
      maintenanceLock.unlock();
    }
  }

  /** Checkpoints, then merges file segments until at most {@code maxSegments} remain. */
  public void forceMerge(int maxSegments) throws IOException {
    if (maxSegments < 1) {
      throw new IllegalArgumentException(
          "maxSegments must be >= 1, got maxSegments=" + maxSegments);
    }
    ensureOpen();
    mergeLock.lock();
    try {
      List<Segment> flushed;
      maintenanceLock.lock();
      try {
        checkpointLocked();
        flushed = view.flushed();
      } finally {
        maintenanceLock.unlock();
      }
      if (flushed.size() > maxSegments) {
        // the oldest maxSegments - 1 stay, everything newer becomes one segment
        mergeFlushed(maxSegments - 1, flushed.size(), flushed);
      }
    } finally {
      mergeLock.unlock();
    }
  }

  private void checkpointLocked() throws IOException {
    List<Segment> unflushed;
    IndexView v;
    // no appends while the log rotates; every appended commit is made durable and published first,
    // so the view's memory segments cover exactly the logs being retired
    writeLock.lock();
    try {
      ensureOpen();
      syncUpTo(appendedVersion);
      publishDurable();
      v = view;
      unflushed = v.unflushed();
      if (unflushed.isEmpty()) {
        return;
      }
      // a log that starts after the checkpointed version holds nothing to retire
      if (wal != null && wal.firstVersion() <= v.version) {
        syncLock.lock(); // no fsync may run on the log being closed
        try {
          WalFile next = WalFile.create(config.fileIo(), dir, v.version + 1);
          wal.close();
          olderWals.add(wal.path());
          wal = next;
        } catch (IOException | RuntimeException e) {
          throw tragic(e);
        } finally {
          syncLock.unlock();
        }
      }
    } finally {
      writeLock.unlock();
    }
    boolean noOlder = v.flushed().isEmpty();
    SegmentData data = SegmentBuilder.merge(unflushed, v.masksOf(unflushed), noOlder);
    Segment flushed = persist(data, v.version, List.of());
    swap(unflushed, flushed, v.version);
    if (dir != null) {
      List<Path> obsolete;
      writeLock.lock();
      try {
        obsolete = new ArrayList<>(olderWals);
        olderWals.clear();
      } finally {
        writeLock.unlock();
      }
      for (Path p : obsolete) {
        config.fileIo().deleteIfExists(p);
      }
      DirectoryOps.fsyncDirectory(config.fileIo(), dir);
    }
    checkpoints.incrementAndGet();
  }

  /** Writes a flushed segment file and the manifest listing it instead of {@code replacedSeqs}. */
  private Segment persist(SegmentData data, long newFileVersion, List<Long> replacedSeqs)
      throws IOException {
    var memory = SegmentWriter.encode(data, Arena.ofAuto());
    if (dir == null) {
      return Segment.wrapFresh(memory, Segment.FLUSHED_IN_MEMORY);
    }
    long seq = manifest.nextSeq();
    try {
      DirectoryOps.writeAtomically(
          config.fileIo(), dir.resolve(SegmentFormat.fileName(seq)), memory);
      List<Long> seqs = new ArrayList<>();
      boolean placed = false;
      for (long existing : manifest.segments()) {
        if (replacedSeqs.contains(existing)) {
          if (placed == false) {
            seqs.add(seq);
            placed = true;
          }
        } else {
          seqs.add(existing);
        }
      }
      if (placed == false) {
        seqs.add(seq);
      }
      Manifest next = new Manifest(Math.max(manifest.fileVersion(), newFileVersion), seq + 1, seqs);
      next.write(config.fileIo(), dir);
      manifest = next;
    } catch (IOException | RuntimeException e) {
      throw tragic(e);
    }
    return Segment.wrapFresh(memory, seq);
  }

  private void swap(List<Segment> replaced, Segment merged, long newFileVersion) {
    publishLock.lock();
    try {
      view = view.replace(replaced, merged, dir == null ? 0 : newFileVersion);
    } finally {
      publishLock.unlock();
    }
  }

  /**
   * Merges {@code flushed[from, to)} into one file segment. The caller holds {@link #mergeLock};
   * the merge itself runs without {@link #maintenanceLock}, so commits are checkpointed meanwhile
   * (a merge of a large index takes minutes), and only writing and publishing the result take it.
   * Segments checkpointed meanwhile are newer than the merged ones and stay after them; documents
   * they supersede are masked again when the view is rebuilt.
   */
  private void mergeFlushed(int from, int to, List<Segment> flushed) throws IOException {
    List<Segment> parts = flushed.subList(from, to);
    IndexView v = view;
    SegmentData data = SegmentBuilder.merge(parts, v.masksOf(parts), from == 0);
    List<Long> replacedSeqs = parts.stream().map(Segment::seq).toList();
    maintenanceLock.lock();
    try {
      ensureOpen();
      Segment merged = persist(data, 0, replacedSeqs);
      swap(parts, merged, 0);
      if (dir != null) {
        for (long seq : replacedSeqs) {
          config.fileIo().deleteIfExists(dir.resolve(SegmentFormat.fileName(seq)));
        }
        DirectoryOps.fsyncDirectory(config.fileIo(), dir);
      }
    } finally {
      maintenanceLock.unlock();
    }
    fileMerges.incrementAndGet();
  }

  /** One round of background work: memory merge, checkpoint by size or age, one file merge. */
  void maintain() throws IOException {
    flushMemory();
    mergeFiles();
  }

  /** Checkpoints by size or age, or merges memory segments when there are too many. */
  void flushMemory() throws IOException {
    if (closed) {
      return;
    }
    maintenanceLock.lock();
    try {
      IndexView v = view;
      List<Segment> unflushed = v.unflushed();
      boolean bySize = v.unflushedItems() > config.checkpointThreshold();
      boolean byAge =
          config.checkpointAgeMs() > 0
              && unflushed.isEmpty() == false
              && System.nanoTime() - unflushed.getFirst().createdNanos()
                  >= config.checkpointAgeMs() * 1_000_000;
      if (bySize || byAge) {
        checkpointLocked();
      } else if (unflushed.size() > config.maxMemorySegments()) {
        SegmentData data = SegmentBuilder.merge(unflushed, v.masksOf(unflushed), false);
        swap(unflushed, Segment.wrapFresh(SegmentWriter.encode(data, Arena.ofAuto()), 0), 0);
        memoryMerges.incrementAndGet();
      }
    } finally {
      maintenanceLock.unlock();
    }
  }

  /** Runs the file merge the merge policy asks for, if any. */
  void mergeFiles() throws IOException {
    if (closed) {
      return;
    }
    mergeLock.lock();
    try {
      List<Segment> flushed = view.flushed();
      List<Long> sizes = flushed.stream().map(s -> s.postingCount() + s.docCount()).toList();
      var candidate = config.mergePolicy().findMerge(sizes);
      if (candidate.isPresent()) {
        MergeCandidate c = candidate.get();
        mergeFlushed(c.from(), c.to(), flushed);
      }
    } finally {
      mergeLock.unlock();
    }
  }

  /** Background work that must not kill its thread. */
  private interface Work {
    void run() throws IOException;
  }

  private void quietly(Work work) {
    try {
      work.run();
    } catch (IndexClosedException e) {
      // closed meanwhile: nothing to do
    } catch (Throwable t) {
      log.error("background maintenance of {} failed", dir, t);
    }
  }

  private IOException tragic(Throwable failure) {
    if (tragedy == null) {
      tragedy = failure;
      log.error("index {} closed after a failed write", dir, failure);
    }
    closeResources();
    return failure instanceof IOException io ? io : new IOException(failure);
  }

  private RuntimeException closedOr(IllegalStateException e) {
    if (closed || tragedy != null) {
      return new IndexClosedException("index is closed", tragedy);
    }
    return e;
  }

  private void ensureOpen() {
    if (tragedy != null) {
      throw new IndexClosedException("index closed after a failed write: " + tragedy, tragedy);
    }
    if (closed) {
      throw new IndexClosedException("index is closed", null);
    }
  }

  /** Stops background work and closes the log. Un-flushed commits stay in the log for recovery. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (maintenance != null) {
      maintenance.shutdownNow();
      try {
        maintenance.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    maintenanceLock.lock();
    try {
      closeResources();
    } finally {
      maintenanceLock.unlock();
    }
  }

  private void closeResources() {
    closed = true;
    if (maintenance != null) {
      maintenance.shutdown();
    }
    if (writeLock.tryLock()) {
      try {
        if (wal != null) {
          try {
            wal.close();
          } catch (IOException e) {
            log.warn("closing the log of {} failed", dir, e);
          }
        }
      } finally {
        writeLock.unlock();
      }
    }
  }

  @Override
  public String toString() {
    return "FpIndex[" + (dir == null ? "in memory" : dir) + ", version=" + view.version + "]";
  }
}
