package org.acoustid.fpindex.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.IndexNotFoundException;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.InvalidIndexNameException;
import org.acoustid.fpindex.VersionMismatchException;
import org.acoustid.fpindex.server.ApiException;
import org.acoustid.fpindex.server.api.UpdateRequestBody;
import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyObject;
import org.acoustid.fpindex.server.codec.BodyReader;
import org.acoustid.fpindex.server.codec.BodyWriter;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The changelog of a remote coordinator ({@code --coordinator-url}), spoken over the HTTP protocol
 * of spec §11.4 with MessagePack bodies. Works against the built-in {@link CoordinatorServer} and
 * against any other server of the same protocol (production serves it read-only from PostgreSQL).
 *
 * <p>Statuses map to the {@link Changelog} contract: 409 → {@link VersionMismatchException}, 410 →
 * {@link BelowRetentionException}, 404 on an append → {@link IndexNotFoundException}, 403 → {@link
 * FeedReadOnlyException}; any other failure, including an unreachable coordinator or a malformed
 * answer, is a {@link ChangelogException} naming the status and the body text, which callers retry.
 * As with any HTTP write, an append that failed in transit may still have been applied.
 *
 * <p>Thread-safe; one instance per node, closed with the node.
 */
public final class CoordinatorClient implements Changelog {
  /** Default limit on one call, from sending the request to the end of the answer's headers. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * How long a read asks the coordinator to hold an empty answer ({@code timeout_ms}): ours answers
   * as soon as an entry arrives, so followers see remote writes within milliseconds; an upstream
   * coordinator ignores the parameter and its {@code r} keeps the client polling.
   */
  static final long LONG_POLL_MS = 1000;

  /** Largest container accepted inside a corpus stream batch (the node's body limit). */
  static final int MAX_STREAM_ELEMENTS = 16 * 1024 * 1024;

  private static final String MSGPACK = BodyFormat.MSGPACK.mediaType();

  private final String base;
  private final Duration timeout;
  private final HttpClient http;

  /** A client of the coordinator at {@code baseUrl} (e.g. {@code http://coord:9000}). */
  public CoordinatorClient(URI baseUrl) {
    this(baseUrl, DEFAULT_TIMEOUT);
  }

  /**
   * A client of the coordinator at {@code baseUrl} whose calls (and connects) give up after {@code
   * timeout}.
   */
  public CoordinatorClient(URI baseUrl, Duration timeout) {
    String scheme = baseUrl.getScheme();
    if ("http".equals(scheme) == false || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "coordinator URL must be http://host[:port], got url=" + baseUrl);
    }
    String text = baseUrl.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public long createIndex(String index) throws IOException {
    byte[] answer = call("PUT", "/_index/" + name(index), null, false);
    return position(object(answer, "create answer", "g"), "g");
  }

  @Override
  public long deleteIndex(String index) throws IOException {
    byte[] answer = call("DELETE", "/_index/" + name(index), null, false);
    return position(object(answer, "delete answer", "p"), "p");
  }

  @Override
  public Page<MetaOp> readMeta(long after, int max) throws IOException {
    byte[] answer =
        call(
            "GET",
            "/_meta?after=" + after + "&max=" + max + "&timeout_ms=" + LONG_POLL_MS,
            null,
            false);
    BodyObject page = object(answer, "meta page", "o", "r");
    try {
      List<MetaOp> ops = new ArrayList<>();
      for (Object item : page.list("o")) {
        BodyObject op = BodyObject.of(item, BodyFormat.MSGPACK, "meta op", "p", "k", "i");
        long kind = op.requiredU32("k");
        if (kind > 1) {
          throw ApiException.badRequest("unknown meta op kind " + kind);
        }
        ops.add(
            new MetaOp(
                position(op, "p"),
                kind == 0 ? MetaOp.Kind.CREATE : MetaOp.Kind.DELETE,
                op.string("i")));
      }
      return new Page<>(ops, page.u64("r", 0));
    } catch (ApiException e) {
      throw malformed("meta page", e);
    }
  }

  @Override
  public long append(String index, long generation, List<Change> changes, OptionalLong expected)
      throws IOException {
    BodyWriter body = BodyWriter.create(BodyFormat.MSGPACK);
    body.beginMap(expected.isPresent() ? 2 : 1).key("c").beginArray(changes.size());
    for (Change change : changes) {
      UpdateRequestBody.writeChange(body, change);
    }
    body.endArray();
    if (expected.isPresent()) {
      body.key("e").u64(expected.getAsLong());
    }
    body.endMap();
    byte[] answer;
    try {
      answer = call("POST", lineage("/_changelog/", index, generation), body.toBytes(), true);
    } catch (VersionMismatchException e) {
      // the protocol's 409 names no actual position
      throw new VersionMismatchException(expected.orElse(-1), -1);
    }
    return position(object(answer, "append answer", "i"), "i");
  }

  @Override
  public Page<Entry> read(String index, long generation, long after, int max) throws IOException {
    String path =
        lineage("/_changelog/", index, generation)
            + "?after="
            + after
            + "&max="
            + max
            + "&timeout_ms="
            + LONG_POLL_MS;
    BodyObject page = object(call("GET", path, null, false), "changelog page", "e", "r");
    try {
      List<Entry> entries = new ArrayList<>();
      for (Object item : page.list("e")) {
        BodyObject wire = BodyObject.of(item, BodyFormat.MSGPACK, "entry", "i", "c");
        long position = position(wire, "i");
        List<Change> changes =
            UpdateRequestBody.parseChange(wire.required("c"), BodyFormat.MSGPACK);
        Entry previous = entries.isEmpty() ? null : entries.getLast();
        if (previous != null && previous.position() == position) {
          // a feed whose position covers a whole batch sends one wire entry per change
          List<Change> merged = new ArrayList<>(previous.changes());
          merged.addAll(changes);
          entries.set(entries.size() - 1, new Entry(position, merged));
        } else {
          entries.add(new Entry(position, changes));
        }
      }
      return new Page<>(entries, page.u64("r", 0));
    } catch (ApiException e) {
      throw malformed("changelog page", e);
    }
  }

  /**
   * Makes positions {@code <= floor} of a lineage unreadable ({@code POST /_truncate}); for tests
   * and operators, replicas never call it.
   */
  public void truncate(String index, long generation, long floor) throws IOException {
    call("POST", lineage("/_truncate/", index, generation) + "?floor=" + floor, null, false);
  }

  /**
   * Streams {@code GET /_bootstrap/:index/:gen}: a {@code {p: position}} map, then arrays of
   * changes, then an empty array. Batches are decoded as they arrive, never the whole body at once.
   * The call timeout covers only the answer's headers; bounding the whole transfer is the caller's
   * business ({@code --bootstrap-timeout-ms}).
   */
  @Override
  public Optional<CorpusStream> openCorpus(String index, long generation) throws IOException {
    HttpRequest request = request("GET", lineage("/_bootstrap/", index, generation), null).build();
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = response.body();
    boolean success = false;
    try {
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw failure(request, response.statusCode(), body.readNBytes(1024));
      }
      RemoteCorpus corpus = new RemoteCorpus(body);
      success = true;
      return Optional.of(corpus);
    } finally {
      if (success == false) {
        body.close();
      }
    }
  }

  @Override
  public void close() {
    http.shutdownNow();
  }

  /** A corpus stream decoded incrementally from the response body. */
  private static final class RemoteCorpus implements CorpusStream {
    private final InputStream body;
    private final MessageUnpacker unpacker;
    private final long position;
    private boolean finished;

    RemoteCorpus(InputStream body) throws IOException {
      this.body = body;
      this.unpacker = MessagePack.newDefaultUnpacker(body);
      try {
        BodyObject header =
            BodyObject.of(
                BodyReader.readMsgpack(unpacker, MAX_STREAM_ELEMENTS),
                BodyFormat.MSGPACK,
                "corpus header",
                "p");
        this.position = CoordinatorClient.position(header, "p");
      } catch (ApiException | MessagePackException e) {
        throw new IOException("malformed corpus stream header: " + e.getMessage(), e);
      }
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public List<Change> nextBatch() throws IOException {
      if (finished) {
        return null;
      }
      try {
        if (unpacker.hasNext() == false) {
          throw new IOException("corpus stream ended without its terminator");
        }
        if (unpacker.getNextFormat().getValueType() != ValueType.ARRAY) {
          throw new IOException("corpus stream batch is not an array");
        }
        int size = unpacker.unpackArrayHeader();
        if (size == 0) {
          finished = true;
          return null;
        }
        List<Change> batch = new ArrayList<>(Math.min(size, 4096));
        for (int i = 0; i < size; i++) {
          Object node = BodyReader.readMsgpack(unpacker, MAX_STREAM_ELEMENTS);
          batch.addAll(UpdateRequestBody.parseChange(node, BodyFormat.MSGPACK));
        }
        return batch;
      } catch (ApiException | MessagePackException e) {
        throw new IOException("malformed corpus stream: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        unpacker.close();
      } finally {
        body.close();
      }
    }
  }

  /**
   * One exchange with a small answer: the 200 body, or the exception its status maps to. {@code
   * isAppend} decides whether a 404 means the lineage is not active.
   */
  private byte[] call(String method, String pathAndQuery, byte[] body, boolean isAppend)
      throws IOException {
    HttpRequest request = request(method, pathAndQuery, body).build();
    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    String text = text(response.body());
    switch (status) {
      case 409 -> throw new VersionMismatchException(-1, -1);
      case 410 -> throw new BelowRetentionException(describe(request, status, text));
      case 403 -> throw new FeedReadOnlyException(describe(request, status, text));
      case 404 -> {
        if (isAppend) {
          throw new IndexNotFoundException(describe(request, status, text));
        }
        throw new ChangelogException(describe(request, status, text));
      }
      default -> throw new ChangelogException(describe(request, status, text));
    }
  }

  private HttpRequest.Builder request(String method, String pathAndQuery, byte[] body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(timeout)
            .header("Accept", MSGPACK);
    if (body == null) {
      return builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return builder
        .header("Content-Type", MSGPACK)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(request.method() + " " + request.uri() + " interrupted");
    } catch (IOException e) {
      throw new ChangelogException(request.method() + " " + request.uri() + " failed: " + e, e);
    }
  }

  private static ChangelogException failure(HttpRequest request, int status, byte[] body) {
    return new ChangelogException(describe(request, status, text(body)));
  }

  private static String describe(HttpRequest request, int status, String text) {
    return request.method() + " " + request.uri() + " answered " + status + " " + text;
  }

  private static String text(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 1024), StandardCharsets.UTF_8);
    return text.strip();
  }

  private static BodyObject object(byte[] answer, String what, String... fields)
      throws ChangelogException {
    try {
      return BodyObject.of(
          BodyReader.read(BodyFormat.MSGPACK, answer), BodyFormat.MSGPACK, what, fields);
    } catch (ApiException e) {
      throw malformed(what, e);
    }
  }

  /** A required position field: a u64 below 2^63, as every position and generation is. */
  private static long position(BodyObject object, String field) throws ChangelogException {
    try {
      object.required(field);
      long value = object.u64(field, 0);
      if (value < 0) {
        throw ApiException.badRequest(field + " is beyond 2^63");
      }
      return value;
    } catch (ApiException e) {
      throw malformed("answer field " + field, e);
    }
  }

  private static ChangelogException malformed(String what, ApiException e) {
    return new ChangelogException(
        "malformed " + what + " from the coordinator: " + e.getMessage(), e);
  }

  private static String name(String index) {
    // names travel unescaped in paths (spec §2.1), so only valid ones can be sent
    if (IndexRegistry.isValidName(index) == false) {
      throw new InvalidIndexNameException("invalid index name \"" + index + "\"");
    }
    return index;
  }

  private static String lineage(String route, String index, long generation) {
    return route + name(index) + "/" + generation;
  }
}
