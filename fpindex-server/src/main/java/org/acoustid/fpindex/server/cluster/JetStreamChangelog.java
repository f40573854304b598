package org.acoustid.fpindex.server.cluster;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.IndexNotFoundException;
import org.acoustid.fpindex.InvalidIndexNameException;
import org.acoustid.fpindex.VersionMismatchException;
import org.acoustid.fpindex.server.cluster.JetStreamPayload.Stored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica changelog on NATS JetStream (spec §11.5), the production feed.
 *
 * <p><b>Meta feed:</b> one stream {@code <prefix>-meta} on {@code <prefix>.meta.*}, no limits (a
 * meta feed is never truncated). A message on {@code <prefix>.meta.<index>} is one op; a create's
 * stream sequence is the lineage's generation. Creates and deletes of one name are serialised by
 * publishing with {@code Nats-Expected-Last-Subject-Sequence} set to the name's last op, retried on
 * conflict, so two nodes creating the same name agree on one generation.
 *
 * <p><b>Data feeds:</b> one stream per lineage, {@code <prefix>-data-<index>-<generation>} on the
 * single subject {@code <prefix>.data.<index>.<generation>}, with the retention limits of the
 * options. One message per write batch (the batch is the atomicity unit), its payload the batch as
 * a MessagePack array of Changes (spec §2.3); the position is the message's stream sequence, so
 * positions are dense per lineage and {@code expected} maps onto {@code
 * Nats-Expected-Last-Sequence}. A stream of its own per lineage keeps retention, reads ("first
 * sequence above the floor") and deletion per lineage, none of which a shared data stream gives.
 *
 * <p>Reads ask for the stream's state once (its first sequence is the retention floor) and then
 * fetch the page's messages by sequence with a window of pipelined direct gets ({@code
 * allow_direct}): no consumer is created per read (in a cluster that is a meta-layer operation),
 * any replica of the stream may answer, and a page costs about one round trip per window instead of
 * one per entry. (The batch direct get would take one request, but needs nats-server 2.11; this
 * runs on 2.9.)
 *
 * <p>Thread-safe; one NATS connection per instance, reconnected by jnats. Failures are {@link
 * ChangelogException}s naming the NATS URL. The caller owns the instance and closes it.
 */
public final class JetStreamChangelog implements Changelog {
  private static final Logger log = LoggerFactory.getLogger(JetStreamChangelog.class);

  /** What a poller waits after a page that was not full. */
  static final long IDLE_RETRY_MS = 200;

  /** Most entries one read returns, whatever {@code max} asks. */
  static final int MAX_PAGE = 1024;

  /** Attempts of a meta op that keeps losing the race for its name to other writers. */
  private static final int MAX_META_ATTEMPTS = 32;

  /** How long an append trusts that a lineage it saw active still is (another node may delete). */
  private static final long ACTIVE_TRUST_NANOS = TimeUnit.SECONDS.toNanos(1);

  // JetStream API error codes (nats-server's errors.json)
  private static final int NO_MESSAGE_FOUND = 10037;
  private static final int STREAM_NAME_IN_USE = 10058;
  private static final int STREAM_NOT_FOUND = 10059;
  private static final int WRONG_LAST_SEQUENCE = 10071;

  private final JetStreamOptions options;
  private final JetStreamNames names;
  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final JetStreamDirectGet directGet;
  // guarded by this; created on the first watch
  private Dispatcher watchers;
  // index -> the lineage last seen active, so appends skip the meta lookup
  private final ConcurrentHashMap<String, Active> active = new ConcurrentHashMap<>();

  private record Active(long generation, long checkedAtNanos) {}

  private JetStreamChangelog(JetStreamOptions options, Connection connection) throws IOException {
    this.options = options;
    this.names = new JetStreamNames(options.prefix());
    this.connection = connection;
    io.nats.client.JetStreamOptions api =
        io.nats.client.JetStreamOptions.builder().requestTimeout(options.timeout()).build();
    this.jetStream = connection.jetStream(api);
    this.management = connection.jetStreamManagement(api);
    this.directGet = new JetStreamDirectGet(connection, options.url(), options.timeout());
  }

  /**
   * Connects to NATS and creates the meta stream if it does not exist yet. jnats reconnects after
   * the first connect forever; this first one must succeed within {@code options.timeout()}.
   */
  public static JetStreamChangelog connect(JetStreamOptions options) throws IOException {
    Connection connection;
    try {
      connection =
          Nats.connect(
              Options.builder()
                  .server(options.url())
                  .connectionName("fpindex-changelog")
                  .connectionTimeout(options.timeout())
                  .maxReconnects(-1)
                  .build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted connecting to NATS at " + options.url());
    } catch (IOException e) {
      throw new ChangelogException("cannot connect to NATS at " + options.url() + ": " + e, e);
    }
    boolean success = false;
    try {
      JetStreamChangelog changelog = new JetStreamChangelog(options, connection);
      changelog.ensureStream(
          StreamConfiguration.builder()
              .name(changelog.names.metaStream())
              .subjects(changelog.names.metaSubjects())
              .storageType(StorageType.File)
              .replicas(options.replicas())
              .allowDirect(true)
              .denyDelete(true)
              .denyPurge(true)
              .build());
      success = true;
      return changelog;
    } finally {
      if (success == false) {
        closeQuietly(connection);
      }
    }
  }

  public JetStreamOptions options() {
    return options;
  }

  @Override
  public long createIndex(String index) throws IOException {
    if (JetStreamNames.isValidIndex(index) == false) {
      throw new InvalidIndexNameException("invalid index name \"" + index + "\"");
    }
    for (int attempt = 0; attempt < MAX_META_ATTEMPTS; attempt++) {
      Stored last = lastMetaOp(index);
      long generation;
      if (last != null && JetStreamPayload.decodeMetaKind(last) == MetaOp.Kind.CREATE) {
        generation = last.sequence(); // idempotent: the active lineage
      } else {
        generation = publishMeta(index, MetaOp.Kind.CREATE, last == null ? 0 : last.sequence());
        if (generation < 0) {
          continue; // another node wrote an op for this name first; look again
        }
        log.info("created lineage {}/{} in {}", index, generation, names.metaStream());
      }
      if (ensureDataStream(index, generation)) {
        active.put(index, new Active(generation, System.nanoTime()));
      }
      return generation;
    }
    throw new ChangelogException(conflictMessage("create", index));
  }

  @Override
  public long deleteIndex(String index) throws IOException {
    if (JetStreamNames.isValidIndex(index) == false) {
      return metaLastSequence();
    }
    for (int attempt = 0; attempt < MAX_META_ATTEMPTS; attempt++) {
      Stored last = lastMetaOp(index);
      if (last == null || JetStreamPayload.decodeMetaKind(last) == MetaOp.Kind.DELETE) {
        return metaLastSequence(); // not active: a no-op
      }
      long position = publishMeta(index, MetaOp.Kind.DELETE, last.sequence());
      if (position < 0) {
        continue;
      }
      active.remove(index);
      // after the op: a node that still appends meanwhile writes into a deleted lineage, harmless
      deleteStream(names.dataStream(index, last.sequence()));
      log.info("deleted lineage {}/{} at {}", index, last.sequence(), position);
      return position;
    }
    throw new ChangelogException(conflictMessage("delete", index));
  }

  @Override
  public Page<MetaOp> readMeta(long after, int max) throws IOException {
    checkPage(after, max);
    Range range = readRange(names.metaStream(), after, max);
    List<MetaOp> ops = new ArrayList<>(range.messages().size());
    for (Stored message : range.messages()) {
      ops.add(
          new MetaOp(
              message.sequence(),
              JetStreamPayload.decodeMetaKind(message),
              names.indexOfMetaSubject(message.subject())));
    }
    return new Page<>(ops, retryAfterMs(range, ops.size(), max));
  }

  @Override
  public long append(String index, long generation, List<Change> changes, OptionalLong expected)
      throws IOException {
    requireActive(index, generation);
    String stream = names.dataStream(index, generation);
    if (changes.isEmpty()) {
      StreamState state = streamState(stream);
      long last = state == null ? 0 : state.getLastSequence();
      if (expected.isPresent() && expected.getAsLong() != last) {
        throw new VersionMismatchException(expected.getAsLong(), last);
      }
      return last;
    }
    byte[] payload = JetStreamPayload.encodeChanges(changes);
    if (payload.length > connection.getMaxPayload()) {
      throw new ChangelogException(
          "a batch of "
              + changes.size()
              + " changes encodes to "
              + payload.length
              + " bytes, over the max_payload="
              + connection.getMaxPayload()
              + " of NATS at "
              + options.url());
    }
    PublishOptions.Builder publish =
        PublishOptions.builder()
            .expectedStream(stream)
            // a retry after a lost ack is answered with the first copy's sequence
            .messageId(UUID.randomUUID().toString())
            .streamTimeout(options.timeout());
    if (expected.isPresent()) {
      publish.expectedLastSequence(expected.getAsLong());
    }
    String subject = names.dataSubject(index, generation);
    IOException lastFailure = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        return jetStream.publish(subject, payload, publish.build()).getSeqno();
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE && expected.isPresent()) {
          throw new VersionMismatchException(expected.getAsLong(), actualLast(e, stream));
        }
        throw failure("append to " + stream, e);
      } catch (IOException e) {
        // no stream answered (never created, or deleted with its lineage) or the ack got lost
        lastFailure = e;
        // a missing stream mostly means a deleted lineage: ask the meta feed before creating it
        if (streamState(stream) == null
            && (activeGeneration(index) != generation
                || ensureDataStream(index, generation) == false)) {
          active.remove(index);
          throw notActive(index, generation);
        }
      }
    }
    throw failure("append to " + stream, lastFailure);
  }

  @Override
  public Page<Entry> read(String index, long generation, long after, int max) throws IOException {
    checkPage(after, max);
    if (JetStreamNames.isValidIndex(index) == false || generation <= 0) {
      return new Page<>(List.of(), IDLE_RETRY_MS);
    }
    String stream = names.dataStream(index, generation);
    Range range = readRange(stream, after, max);
    List<Entry> entries = new ArrayList<>(range.messages().size());
    for (Stored message : range.messages()) {
      entries.add(new Entry(message.sequence(), JetStreamPayload.decodeChanges(message)));
    }
    return new Page<>(entries, retryAfterMs(range, entries.size(), max));
  }

  /**
   * A core NATS subscription on the lineage's subject: JetStream publishes there, so every append
   * (from any node) reaches the watcher about as fast as the publish acknowledgement.
   */
  @Override
  public Optional<AutoCloseable> watch(String index, long generation, Runnable onAppend) {
    String subject = names.dataSubject(index, generation);
    Dispatcher dispatcher = watchers();
    Subscription subscription = dispatcher.subscribe(subject, message -> onAppend.run());
    return Optional.of(() -> dispatcher.unsubscribe(subscription));
  }

  /** Waits until the server processed everything sent on this connection, subscriptions too. */
  void flush() throws Exception {
    connection.flush(options.timeout());
  }

  private synchronized Dispatcher watchers() {
    if (watchers == null) {
      watchers = connection.createDispatcher();
    }
    return watchers;
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  // ---- meta

  /** The name's last meta op, null when it never had one. */
  private Stored lastMetaOp(String index) throws IOException {
    try {
      MessageInfo last = management.getLastMessage(names.metaStream(), names.metaSubject(index));
      return new Stored(names.metaStream(), last.getSeq(), last.getSubject(), last.getData());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
        return null;
      }
      throw failure("read the meta op of " + index, e);
    } catch (IOException e) {
      throw failure("read the meta op of " + index, e);
    }
  }

  /** The active generation of {@code index}, 0 when inactive. */
  private long activeGeneration(String index) throws IOException {
    Stored last = lastMetaOp(index);
    return last != null && JetStreamPayload.decodeMetaKind(last) == MetaOp.Kind.CREATE
        ? last.sequence()
        : 0;
  }

  /**
   * Publishes one op for {@code index} if the name's last op is still at {@code lastOp} (0: none);
   * returns its position, or -1 when another op for the name came first.
   */
  private long publishMeta(String index, MetaOp.Kind kind, long lastOp) throws IOException {
    PublishOptions publish =
        PublishOptions.builder()
            .expectedStream(names.metaStream())
            .expectedLastSubjectSequence(lastOp)
            .streamTimeout(options.timeout())
            .build();
    try {
      return jetStream
          .publish(names.metaSubject(index), JetStreamPayload.encodeMetaOp(kind, index), publish)
          .getSeqno();
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
        return -1;
      }
      throw failure(kind + " " + index, e);
    } catch (IOException e) {
      throw failure(kind + " " + index, e);
    }
  }

  private long metaLastSequence() throws IOException {
    StreamState state = streamState(names.metaStream());
    return state == null ? 0 : state.getLastSequence();
  }

  private void requireActive(String index, long generation) throws IOException {
    if (JetStreamNames.isValidIndex(index) == false || generation <= 0) {
      throw notActive(index, generation);
    }
    Active seen = active.get(index);
    long now = System.nanoTime();
    if (seen != null
        && seen.generation() == generation
        && now - seen.checkedAtNanos() < ACTIVE_TRUST_NANOS) {
      return;
    }
    long current = activeGeneration(index);
    if (current == 0) {
      active.remove(index);
    } else {
      active.put(index, new Active(current, now));
    }
    if (current != generation) {
      throw notActive(index, generation);
    }
  }

  private IndexNotFoundException notActive(String index, long generation) {
    return new IndexNotFoundException(
        "lineage " + index + "/" + generation + " is not active in " + names.metaStream());
  }

  // ---- streams

  /**
   * Creates the lineage's data stream unless it exists, then checks that the lineage is still
   * active: when another node deleted it meanwhile, its stream deletion may have come before this
   * creation, so the stream is deleted again and the answer is false.
   */
  private boolean ensureDataStream(String index, long generation) throws IOException {
    ensureStream(
        StreamConfiguration.builder()
            .name(names.dataStream(index, generation))
            .subjects(names.dataSubject(index, generation))
            .storageType(StorageType.File)
            .replicas(options.replicas())
            .maxAge(options.maxAgeMs())
            .maxMessages(options.maxMessages() == 0 ? -1 : options.maxMessages())
            .allowDirect(true)
            .build());
    if (activeGeneration(index) == generation) {
      return true;
    }
    deleteStream(names.dataStream(index, generation));
    return false;
  }

  /** Creates the stream unless one of that name exists (whatever its settings). */
  private void ensureStream(StreamConfiguration config) throws IOException {
    try {
      management.addStream(config);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
        throw failure("create stream " + config.getName(), e);
      }
    } catch (IOException e) {
      throw failure("create stream " + config.getName(), e);
    }
  }

  private void deleteStream(String stream) throws IOException {
    try {
      management.deleteStream(stream);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw failure("delete stream " + stream, e);
      }
    } catch (IOException e) {
      throw failure("delete stream " + stream, e);
    }
  }

  /** The stream's state, null when it does not exist. */
  private StreamState streamState(String stream) throws IOException {
    try {
      return management.getStreamInfo(stream).getStreamState();
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        return null;
      }
      throw failure("read the state of " + stream, e);
    } catch (IOException e) {
      throw failure("read the state of " + stream, e);
    }
  }

  /** The stream's last sequence as the server reported it in a wrong-last-sequence error. */
  private long actualLast(JetStreamApiException e, String stream) throws IOException {
    String description = e.getErrorDescription();
    int colon = description == null ? -1 : description.lastIndexOf(':');
    if (colon >= 0) {
      try {
        return Long.parseLong(description.substring(colon + 1).trim());
      } catch (NumberFormatException ignored) {
        // an unexpected wording: ask the stream
      }
    }
    StreamState state = streamState(stream);
    return state == null ? 0 : state.getLastSequence();
  }

  // ---- reads

  /** The messages of one page, and whether the stream holds more after them. */
  private record Range(List<Stored> messages, boolean more) {}

  private static final Range EMPTY = new Range(List.of(), false);

  private Range readRange(String stream, long after, int max) throws IOException {
    StreamState state = streamState(stream);
    if (state == null || after >= state.getLastSequence()) {
      return EMPTY;
    }
    long first = state.getFirstSequence();
    if (after + 1 < first) {
      throw belowRetention(stream, after, first);
    }
    long last = state.getLastSequence();
    long end = Math.min(last, after + Math.min(max, MAX_PAGE));
    List<Stored> messages = directGet.fetch(stream, after + 1, end);
    if (messages.isEmpty()) {
      // dropped by retention between the state and the get
      throw belowRetention(stream, after, after + 2);
    }
    return new Range(messages, messages.getLast().sequence() < last);
  }

  private BelowRetentionException belowRetention(String stream, long after, long first) {
    return new BelowRetentionException(
        stream + " no longer holds the entries above " + after + " (first kept: " + first + ")");
  }

  private static long retryAfterMs(Range range, int size, int max) {
    return range.more() || size >= max ? 0 : IDLE_RETRY_MS;
  }

  private static void checkPage(long after, int max) {
    if (after < 0) {
      throw new IllegalArgumentException("after must be >= 0, got after=" + after);
    }
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, got max=" + max);
    }
  }

  // ---- errors

  private ChangelogException failure(String what, Throwable cause) {
    String detail =
        cause instanceof JetStreamApiException api
            ? api.getErrorDescription() + " (code " + api.getApiErrorCode() + ")"
            : String.valueOf(cause);
    return new ChangelogException(
        "NATS JetStream at " + options.url() + ": " + what + ": " + detail, cause);
  }

  private String conflictMessage(String op, String index) {
    return "NATS JetStream at "
        + options.url()
        + ": "
        + op
        + " "
        + index
        + " lost the race to other writers "
        + MAX_META_ATTEMPTS
        + " times";
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
