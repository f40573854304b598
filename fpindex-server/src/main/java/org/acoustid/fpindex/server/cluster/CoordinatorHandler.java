package org.acoustid.fpindex.server.cluster;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.InvalidIndexNameException;
import org.acoustid.fpindex.server.ApiError;
import org.acoustid.fpindex.server.ApiException;
import org.acoustid.fpindex.server.ConnectionQueue;
import org.acoustid.fpindex.server.ErrorMapper;
import org.acoustid.fpindex.server.api.UpdateRequestBody;
import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyObject;
import org.acoustid.fpindex.server.codec.BodyReader;
import org.acoustid.fpindex.server.codec.BodyWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes and answers the coordinator protocol (spec §11.4). Bodies are MessagePack with the
 * one-letter keys whatever the request headers say; errors are the plain-text error name. Paths
 * split on {@code /} with empty segments ignored, as on an index node. {@code GET /_bootstrap}
 * streams the feed's corpus in chunks, one batch at a time, and answers 404 when there is none.
 *
 * <p>Every request runs on the worker executor, one at a time per connection ({@link
 * ConnectionQueue}), so the event loop never waits for the changelog's lock. Input is checked
 * completely before the changelog is touched, so a bad request changes nothing. Shared by all
 * connections.
 */
@ChannelHandler.Sharable
final class CoordinatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(CoordinatorHandler.class);

  /** Page size when {@code max} is absent, and the largest honoured (spec §11.4). */
  static final int DEFAULT_MAX = 256;

  static final int MAX_MAX = 1024;

  /** The longest {@code timeout_ms} honoured by a long poll. */
  static final long MAX_WAIT_MS = 30_000;

  private static final String MSGPACK = BodyFormat.MSGPACK.responseContentType();
  private static final String TEXT = "text/plain; charset=UTF-8";

  private final Changelog changelog;
  private final Executor workers;

  CoordinatorHandler(Changelog changelog, Executor workers) {
    this.changelog = changelog;
    this.workers = workers;
  }

  /** One answer: status, content type and body bytes, or a corpus to stream. */
  private record Reply(
      HttpResponseStatus status, String contentType, byte[] body, CorpusStream corpus) {
    static Reply msgpack(BodyWriter body) {
      return new Reply(HttpResponseStatus.OK, MSGPACK, body.toBytes(), null);
    }

    static Reply text(HttpResponseStatus status, String text) {
      return new Reply(status, TEXT, text.getBytes(StandardCharsets.UTF_8), null);
    }

    /** A JSON error body, as upstream's read-only feed answers writes. */
    static Reply jsonError(HttpResponseStatus status, String message) {
      BodyWriter json = BodyWriter.create(BodyFormat.JSON).beginMap(1).key("error").string(message);
      return new Reply(
          status, BodyFormat.JSON.responseContentType(), json.endMap().toBytes(), null);
    }

    static Reply stream(CorpusStream corpus) {
      return new Reply(HttpResponseStatus.OK, MSGPACK, null, corpus);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      send(ctx, Reply.text(HttpResponseStatus.BAD_REQUEST, "BadRequest"), false);
      return;
    }
    String method = request.method().name();
    String uri = request.uri();
    byte[] body = ByteBufUtil.getBytes(request.content());
    try {
      ConnectionQueue.of(ctx.channel(), workers)
          .execute(() -> send(ctx, serve(method, uri, body), keepAlive));
    } catch (RejectedExecutionException e) {
      // shutting down
      send(ctx, Reply.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "ShuttingDown"), false);
    }
  }

  private Reply serve(String method, String uri, byte[] body) {
    try {
      QueryStringDecoder query = new QueryStringDecoder(uri);
      List<String> path = segments(query.rawPath());
      Reply reply = route(method, path, query.parameters(), body);
      return reply != null ? reply : Reply.text(HttpResponseStatus.NOT_FOUND, "NotFound");
    } catch (BelowRetentionException e) {
      return Reply.text(HttpResponseStatus.GONE, "BelowRetention");
    } catch (FeedReadOnlyException e) {
      return Reply.jsonError(HttpResponseStatus.FORBIDDEN, "read-only feed: " + e.getMessage());
    } catch (InterruptedException e) {
      // a long poll cut short by shutdown
      return Reply.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "ShuttingDown");
    } catch (Throwable failure) {
      ApiError error = ErrorMapper.map(failure, method + " " + uri);
      return Reply.text(error.status(), error.wireName());
    }
  }

  /** The answer of a known route, or null when (method, path) names none. */
  private Reply route(
      String method, List<String> path, Map<String, List<String>> query, byte[] body)
      throws IOException, InterruptedException {
    String first = path.isEmpty() ? "" : path.getFirst();
    int n = path.size();
    return switch (first) {
      case "_health" ->
          n == 1 && method.equals("GET") ? Reply.text(HttpResponseStatus.OK, "OK\n") : null;
      case "_meta" -> n == 1 && method.equals("GET") ? readMeta(query) : null;
      case "_index" ->
          n != 2
              ? null
              : switch (method) {
                case "PUT" -> map1("g", changelog.createIndex(indexName(path.get(1))));
                case "DELETE" -> map1("p", changelog.deleteIndex(indexName(path.get(1))));
                default -> null;
              };
      case "_changelog" ->
          n != 3
              ? null
              : switch (method) {
                case "POST" -> append(indexName(path.get(1)), generation(path.get(2)), body);
                case "GET" -> read(indexName(path.get(1)), generation(path.get(2)), query);
                default -> null;
              };
      case "_bootstrap" -> {
        if (n != 3 || method.equals("GET") == false) {
          yield null;
        }
        Optional<CorpusStream> corpus =
            changelog.openCorpus(indexName(path.get(1)), generation(path.get(2)));
        yield corpus.isPresent()
            ? Reply.stream(corpus.get())
            : Reply.text(HttpResponseStatus.NOT_FOUND, "NoCorpusStream");
      }
      case "_truncate" -> {
        if (n != 3 || method.equals("POST") == false) {
          yield null;
        }
        String index = indexName(path.get(1));
        long generation = generation(path.get(2));
        long floor = number(query, "floor", -1);
        if (floor < 0) {
          throw ApiException.badRequest("missing query parameter floor");
        }
        if (changelog instanceof MemoryChangelog memory) {
          memory.truncate(index, generation, floor);
        } else {
          throw new FeedReadOnlyException("this feed is not truncated through the protocol");
        }
        yield Reply.msgpack(BodyWriter.create(BodyFormat.MSGPACK).beginMap(0).endMap());
      }
      default -> null;
    };
  }

  private Reply append(String index, long generation, byte[] body) throws IOException {
    Object node = BodyReader.read(BodyFormat.MSGPACK, body);
    BodyObject request =
        BodyObject.of(node, BodyFormat.MSGPACK, "changelog append", "changes", "expected");
    List<Change> changes = new ArrayList<>();
    for (Object item : request.list("changes")) {
      changes.addAll(UpdateRequestBody.parseChange(item, BodyFormat.MSGPACK));
    }
    if (new UpdateRequestBody(changes, OptionalLong.empty()).hasZeroId()) {
      // a replica could never apply it and would retry forever
      throw new ApiException(ApiError.INVALID_FINGERPRINT_ID, "id 0 in a change");
    }
    OptionalLong expected =
        request.has("expected")
            ? OptionalLong.of(nonNegative(request.u64("expected", 0), "expected"))
            : OptionalLong.empty();
    return map1("i", changelog.append(index, generation, changes, expected));
  }

  /**
   * A page of the lineage. With {@code timeout_ms} (our extension; upstream ignores unknown
   * parameters) an empty answer waits up to that long for entries, and after a wait that found none
   * {@code r} is 0: the client already waited and should ask again at once.
   */
  private Reply read(String index, long generation, Map<String, List<String>> query)
      throws IOException, InterruptedException {
    long after = number(query, "after", 0);
    int max = pageSize(query);
    long wait = Math.min(number(query, "timeout_ms", 0), MAX_WAIT_MS);
    Changelog.Page<Changelog.Entry> page = changelog.read(index, generation, after, max);
    if (page.items().isEmpty() && wait > 0 && changelog instanceof MemoryChangelog memory) {
      memory.awaitEntries(index, generation, after, wait);
      page = changelog.read(index, generation, after, max);
      if (page.items().isEmpty()) {
        page = new Changelog.Page<>(page.items(), 0);
      }
    }
    int size = 0;
    for (Changelog.Entry entry : page.items()) {
      size += entry.changes().size();
    }
    BodyWriter out = BodyWriter.create(BodyFormat.MSGPACK).beginMap(2).key("e").beginArray(size);
    for (Changelog.Entry entry : page.items()) {
      for (Change change : entry.changes()) {
        out.beginMap(2).key("i").u64(entry.position()).key("c");
        UpdateRequestBody.writeChange(out, change);
        out.endMap();
      }
    }
    out.endArray().key("r").u64(page.retryAfterMs()).endMap();
    return Reply.msgpack(out);
  }

  /** A page of the meta feed; {@code timeout_ms} long-polls as in {@link #read}. */
  private Reply readMeta(Map<String, List<String>> query) throws IOException, InterruptedException {
    long after = number(query, "after", 0);
    int max = pageSize(query);
    long wait = Math.min(number(query, "timeout_ms", 0), MAX_WAIT_MS);
    Changelog.Page<Changelog.MetaOp> page = changelog.readMeta(after, max);
    if (page.items().isEmpty() && wait > 0 && changelog instanceof MemoryChangelog memory) {
      memory.awaitMeta(after, wait);
      page = changelog.readMeta(after, max);
      if (page.items().isEmpty()) {
        page = new Changelog.Page<>(page.items(), 0);
      }
    }
    BodyWriter out =
        BodyWriter.create(BodyFormat.MSGPACK).beginMap(2).key("o").beginArray(page.items().size());
    for (Changelog.MetaOp op : page.items()) {
      out.beginMap(3).key("p").u64(op.position());
      out.key("k").u64(op.kind() == Changelog.MetaOp.Kind.CREATE ? 0 : 1);
      out.key("i").string(op.index()).endMap();
    }
    out.endArray().key("r").u64(page.retryAfterMs()).endMap();
    return Reply.msgpack(out);
  }

  private static Reply map1(String key, long value) {
    return Reply.msgpack(BodyWriter.create(BodyFormat.MSGPACK).beginMap(1).key(key).u64(value));
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() == false) {
        out.add(segment);
      }
    }
    return out;
  }

  private static String indexName(String name) {
    if (IndexRegistry.isValidName(name) == false) {
      throw new InvalidIndexNameException("invalid index name \"" + name + "\"");
    }
    return name;
  }

  private static long generation(String text) {
    return parse(text, "generation");
  }

  private static int pageSize(Map<String, List<String>> query) {
    long max = number(query, "max", DEFAULT_MAX);
    if (max < 1) {
      throw ApiException.badRequest("max must be >= 1, got max=" + max);
    }
    return (int) Math.min(max, MAX_MAX);
  }

  /** A non-negative decimal query parameter; absent → {@code fallback}. */
  private static long number(Map<String, List<String>> query, String name, long fallback) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? fallback : parse(values.getFirst(), name);
  }

  private static long parse(String text, String name) {
    // digits only: Long.parseLong would take a sign
    if (text.isEmpty()
        || text.length() > 19
        || text.chars().allMatch(Character::isDigit) == false) {
      throw ApiException.badRequest(
          name + " must be a decimal in [0, 2^63), got " + name + "=" + text);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          name + " must be a decimal in [0, 2^63), got " + name + "=" + text);
    }
  }

  private static long nonNegative(long value, String name) {
    if (value < 0) {
      throw ApiException.badRequest(
          name + " must be below 2^63, got " + Long.toUnsignedString(value));
    }
    return value;
  }

  private static void send(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
    if (reply.corpus() != null) {
      stream(ctx, reply.corpus(), keepAlive);
      return;
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, reply.status(), Unpooled.wrappedBuffer(reply.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
    response
        .headers()
        .set(
            HttpHeaderNames.CONNECTION,
            keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    var future = ctx.writeAndFlush(response);
    if (keepAlive == false) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Sends a corpus as chunks: {@code {p: position}}, one array per batch, then the empty array.
   * Once the headers are out a failure can no longer change the status, so it closes the
   * connection: the client then sees a stream without its terminator, which it must treat as an
   * error.
   */
  private static void stream(ChannelHandlerContext ctx, CorpusStream corpus, boolean keepAlive) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, MSGPACK);
    HttpUtil.setTransferEncodingChunked(head, true);
    head.headers()
        .set(
            HttpHeaderNames.CONNECTION,
            keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    try (corpus) {
      ctx.write(head);
      BodyWriter header = BodyWriter.create(BodyFormat.MSGPACK).beginMap(1);
      writeChunk(ctx, header.key("p").u64(corpus.position()).endMap().toBytes());
      for (List<Change> batch = corpus.nextBatch(); batch != null; batch = corpus.nextBatch()) {
        BodyWriter out = BodyWriter.create(BodyFormat.MSGPACK).beginArray(batch.size());
        for (Change change : batch) {
          UpdateRequestBody.writeChange(out, change);
        }
        writeChunk(ctx, out.endArray().toBytes());
      }
      writeChunk(ctx, new byte[] {(byte) 0x90});
      var last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      if (keepAlive == false) {
        last.addListener(ChannelFutureListener.CLOSE);
      }
    } catch (Exception e) {
      log.warn("corpus stream aborted: {}", e.toString());
      ctx.close();
    }
  }

  /** Writes one chunk; waits for it when the socket buffer is full, so a slow reader holds us. */
  private static void writeChunk(ChannelHandlerContext ctx, byte[] bytes) throws IOException {
    var written = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
    if (ctx.channel().isWritable() == false) {
      written.awaitUninterruptibly();
      if (written.isSuccess() == false) {
        throw new IOException("client went away", written.cause());
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
