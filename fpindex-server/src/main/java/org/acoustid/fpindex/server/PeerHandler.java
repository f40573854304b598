package org.acoustid.fpindex.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.IndexInfo;
import org.acoustid.fpindex.server.api.PeerStatusResponse;

/**
 * The endpoints replicas use: {@code GET /:index/_status} and {@code GET /:index/_snapshot}. The
 * snapshot is streamed with chunked transfer encoding, one chunk in flight at a time, so a slow
 * peer holds back the writer instead of filling the heap.
 */
final class PeerHandler implements RouteHandler {
  private final ServerContext context;

  PeerHandler(ServerContext context) {
    this.context = context;
  }

  @Override
  public ApiResponse handle(ApiRequest request, ChannelHandlerContext ctx) throws Exception {
    String name = request.match().index();
    FpIndex index = context.requireIndex(name);
    if (request.match().route() == Route.PEER_STATUS) {
      IndexInfo info = index.info();
      long generation = context.registry().generation(name);
      return ApiResponse.ok(new PeerStatusResponse(generation, info.version(), info.fileVersion()));
    }
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    ctx.writeAndFlush(head);
    try (ChunkedBodyStream out = new ChunkedBodyStream(ctx.channel())) {
      index.snapshot(out);
    } catch (Exception e) {
      // the status line is gone: the only honest signal left is a broken connection
      ctx.channel().close();
      throw e;
    }
    return new ApiResponse.Streamed(HttpResponseStatus.OK);
  }
}
