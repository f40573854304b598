package org.acoustid.fpindex.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import org.acoustid.fpindex.server.api.ErrorResponse;
import org.acoustid.fpindex.server.codec.ContentNegotiation;

/**
 * Aggregates request bodies up to {@link #MAX_BODY_BYTES}; a larger body answers {@code 413
 * {"error":"BodyTooBig"}} in the negotiated format and closes the connection, since the rest of the
 * body would otherwise be read as the next request.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  BodyLimitAggregator() {
    super(MAX_BODY_BYTES, true);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    var format = ContentNegotiation.of(oversized.headers(), false).response();
    FullHttpResponse response =
        HttpDispatcher.encoded(
            ApiError.BODY_TOO_BIG.status(),
            new ErrorResponse(ApiError.BODY_TOO_BIG.wireName()),
            format,
            false);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
