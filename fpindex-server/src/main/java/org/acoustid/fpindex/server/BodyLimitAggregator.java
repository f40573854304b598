package org.acoustid.fpindex.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.acoustid.fpindex.server.api.ErrorResponse;
import org.acoustid.fpindex.server.codec.ContentNegotiation;

/**
 * Aggregates request bodies up to {@link #MAX_BODY_BYTES}; a larger body answers {@code 413
 * {"error":"BodyTooBig"}} in the negotiated format and closes the connection, since the rest of the
 * body would otherwise be read as the next request (after a lingering close, so the client sees the
 * answer).
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  /** How long a connection refused with 413 may still send before it is closed. */
  static final long LINGER_SECONDS = 5;

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
    // Lingering close: closing with the rest of the body unread makes the kernel reset the
    // connection, and a reset can destroy the 413 before the client reads it. So: discard what
    // still arrives, send the answer and our FIN, and close once the client closes or a few
    // seconds passed.
    Channel channel = ctx.channel();
    channel
        .pipeline()
        .addFirst(
            "discard-after-413",
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext c, Object msg) {
                ReferenceCountUtil.release(msg);
              }
            });
    ctx.writeAndFlush(response)
        .addListener(
            (ChannelFutureListener)
                written -> {
                  if (channel instanceof DuplexChannel duplex && written.isSuccess()) {
                    duplex.shutdownOutput();
                    channel
                        .eventLoop()
                        .schedule(() -> channel.close(), LINGER_SECONDS, TimeUnit.SECONDS);
                  } else {
                    channel.close();
                  }
                });
  }
}
