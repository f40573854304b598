package org.acoustid.fpindex.server.cluster;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;

/**
 * The ordered feeds a replica follows (spec §11): one global meta feed of index creations and
 * deletions, and one data feed per lineage {@code (index, generation)}.
 *
 * <p>Positions are monotonic per feed, start at 1 and need not be dense. An {@link Entry} is the
 * unit the feed assigned one position to: one change in the coordinator protocol, one write batch
 * in JetStream. A replica applies several entries as one local commit at the last entry's position,
 * which equals applying them one by one because the last change per id wins.
 *
 * <p>Implementations are thread-safe. Calls that cannot reach the feed throw {@link
 * ChangelogException}; callers retry.
 */
public interface Changelog extends AutoCloseable {

  /** One meta-feed operation; for a create, {@code position} is the lineage's generation. */
  record MetaOp(long position, MetaOp.Kind kind, String index) {
    public enum Kind {
      CREATE,
      DELETE
    }
  }

  /** One data-feed entry: the changes at {@code position}, applied atomically. */
  record Entry(long position, List<Change> changes) {}

  /**
   * A page read from a feed.
   *
   * @param retryAfterMs 0 when the page was full (read again at once), else how long a poller
   *     should wait before asking again
   */
  record Page<T>(List<T> items, long retryAfterMs) {}

  /** Creates {@code index} (idempotent when active) and returns its generation. */
  long createIndex(String index) throws IOException;

  /** Deletes {@code index} (no-op when inactive) and returns the meta position of the delete. */
  long deleteIndex(String index) throws IOException;

  /** Meta ops above {@code after}, at most {@code max}, oldest first. */
  Page<MetaOp> readMeta(long after, int max) throws IOException;

  /**
   * Appends {@code changes} atomically to the lineage's feed and returns the last assigned
   * position; an empty list appends nothing and returns the current last position.
   *
   * @param expected the feed's current last position, for optimistic writes
   * @throws org.acoustid.fpindex.VersionMismatchException when {@code expected} is stale
   * @throws FeedReadOnlyException when this feed does not take writes
   * @throws org.acoustid.fpindex.IndexNotFoundException when the lineage is not active
   */
  long append(String index, long generation, List<Change> changes, OptionalLong expected)
      throws IOException;

  /**
   * Entries above {@code after}, at most {@code max}, oldest first; an unknown lineage reads empty.
   *
   * @throws BelowRetentionException when entries above {@code after} were already dropped
   */
  Page<Entry> read(String index, long generation, long after, int max) throws IOException;

  /**
   * The lineage's whole corpus as one stream at a single position, when the feed offers one
   * (seeding an empty replica without replaying the log).
   */
  default Optional<CorpusStream> openCorpus(String index, long generation) throws IOException {
    return Optional.empty();
  }

  /**
   * Calls {@code onAppend} (on some other thread, soon) whenever entries may have been appended to
   * the lineage, so a follower reads at once instead of after its poll interval. Feeds that cannot
   * push answer empty and their readers poll.
   *
   * @return the subscription, closed when the follower stops
   */
  default Optional<AutoCloseable> watch(String index, long generation, Runnable onAppend)
      throws IOException {
    return Optional.empty();
  }

  /** Releases connections; the changelog is unusable afterwards. */
  @Override
  void close();
}
