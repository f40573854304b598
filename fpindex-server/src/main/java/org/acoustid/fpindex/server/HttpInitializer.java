package org.acoustid.fpindex.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/** The HTTP pipeline, nothing else: codec, body aggregation with the size limit, dispatcher. */
final class HttpInitializer extends ChannelInitializer<SocketChannel> {
  private final HttpDispatcher dispatcher;

  HttpInitializer(HttpDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channel
        .pipeline()
        .addLast("codec", new HttpServerCodec())
        .addLast("aggregator", new BodyLimitAggregator())
        .addLast("dispatcher", dispatcher);
  }
}
