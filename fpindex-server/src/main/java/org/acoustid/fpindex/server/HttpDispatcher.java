package org.acoustid.fpindex.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.acoustid.fpindex.server.api.ErrorResponse;
import org.acoustid.fpindex.server.api.ResponseBody;
import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyWriter;
import org.acoustid.fpindex.server.codec.ContentNegotiation;

/**
 * Routes each complete request to its handler and writes the answer. Handlers run on the worker
 * executor, never on the event loop, one request of a connection at a time ({@link
 * ConnectionQueue}), so responses leave in request order even when requests are pipelined.
 *
 * <p>Shared by all connections (stateless apart from the handler table).
 */
@ChannelHandler.Sharable
final class HttpDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final Map<Route, RouteHandler> handlers = new EnumMap<>(Route.class);
  private final Executor workers;

  HttpDispatcher(ServerContext context, Executor workers) {
    this.workers = workers;
    HealthHandler health = new HealthHandler(context);
    IndexAdminHandler admin = new IndexAdminHandler(context);
    FingerprintHandler fingerprints = new FingerprintHandler(context);
    PeerHandler peer = new PeerHandler(context);
    handlers.put(Route.HEALTH, health);
    handlers.put(Route.INDEX_HEALTH, health);
    handlers.put(Route.METRICS, new MetricsHandler(context));
    handlers.put(Route.INDEX_CREATE, admin);
    handlers.put(Route.INDEX_DELETE, admin);
    handlers.put(Route.INDEX_EXISTS, admin);
    handlers.put(Route.INDEX_INFO, admin);
    handlers.put(Route.SEARCH, new SearchHandler(context));
    handlers.put(Route.UPDATE, new UpdateHandler(context));
    handlers.put(Route.PEER_STATUS, peer);
    handlers.put(Route.PEER_SNAPSHOT, peer);
    handlers.put(Route.FINGERPRINT_PUT, fingerprints);
    handlers.put(Route.FINGERPRINT_DELETE, fingerprints);
    handlers.put(Route.FINGERPRINT_GET, fingerprints);
    handlers.put(Route.FINGERPRINT_EXISTS, fingerprints);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean emptyBody = request.content().isReadable() == false;
    ContentNegotiation negotiation = ContentNegotiation.of(request.headers(), emptyBody);
    if (request.decoderResult().isFailure()) {
      sendError(ctx, negotiation.response(), ApiError.BAD_REQUEST, false, false);
      return;
    }
    Route.Match match = Route.match(request.method(), request.uri());
    boolean head = request.method().name().equals("HEAD");
    if (match == null) {
      sendError(ctx, negotiation.response(), ApiError.NOT_FOUND, keepAlive, head);
      return;
    }
    ApiRequest apiRequest =
        new ApiRequest(
            request.method(),
            match,
            request.headers().copy(),
            ByteBufUtil.getBytes(request.content()),
            negotiation);
    String requestLine = request.method() + " " + request.uri();
    try {
      ConnectionQueue.of(ctx.channel(), workers)
          .execute(() -> serve(ctx, apiRequest, requestLine, keepAlive));
    } catch (RejectedExecutionException e) {
      // shutting down: refuse politely and drop the connection
      sendError(ctx, negotiation.response(), ApiError.INTERNAL_ERROR, false, head);
    }
  }

  private void serve(
      ChannelHandlerContext ctx, ApiRequest request, String requestLine, boolean keepAlive) {
    BodyFormat format = request.negotiation().response();
    try {
      ApiResponse response = handlers.get(request.match().route()).handle(request, ctx);
      if (response instanceof ApiResponse.Streamed) {
        var last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (keepAlive == false) {
          last.addListener(ChannelFutureListener.CLOSE);
        }
        return;
      }
      send(ctx, toHttp(response, format, request.isHead()), keepAlive);
    } catch (Throwable failure) {
      ApiError error = ErrorMapper.map(failure, requestLine);
      if (ctx.channel().isActive()) {
        sendError(ctx, format, error, keepAlive, request.isHead());
      }
    }
  }

  static FullHttpResponse toHttp(ApiResponse response, BodyFormat format, boolean head) {
    return switch (response) {
      case ApiResponse.Encoded e -> encoded(e.status(), e.body(), format, head);
      case ApiResponse.Text t -> {
        byte[] bytes = t.text().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = full(t.status(), head ? new byte[0] : bytes);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, t.contentType());
        yield r;
      }
      case ApiResponse.Bare b -> full(b.status(), new byte[0]);
      case ApiResponse.Streamed s -> throw new IllegalArgumentException("already written");
    };
  }

  static FullHttpResponse encoded(
      HttpResponseStatus status, ResponseBody body, BodyFormat format, boolean head) {
    if (head) {
      return full(status, new byte[0]);
    }
    BodyWriter writer = BodyWriter.create(format);
    body.writeTo(writer);
    FullHttpResponse r = full(status, writer.toBytes());
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, format.responseContentType());
    return r;
  }

  private static FullHttpResponse full(HttpResponseStatus status, byte[] body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return r;
  }

  static void sendError(
      ChannelHandlerContext ctx,
      BodyFormat format,
      ApiError error,
      boolean keepAlive,
      boolean head) {
    send(
        ctx, encoded(error.status(), new ErrorResponse(error.wireName()), format, head), keepAlive);
  }

  private static void send(
      ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    var future = ctx.writeAndFlush(response);
    if (keepAlive == false) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
