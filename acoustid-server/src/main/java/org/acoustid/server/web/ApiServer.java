package org.acoustid.server.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP listener of the API. Bodies are aggregated up to a little over the 1 MiB API limit (so
 * the handler can answer code 19 itself); handlers run on virtual threads. Owns its event loops and
 * executor; {@link #close()} stops them.
 */
public final class ApiServer implements AutoCloseable {
  /** Aggregation cap: the API limit plus room for gzip framing and form overhead. */
  static final int MAX_AGGREGATED_BYTES = 4 * 1024 * 1024;

  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final Channel channel;

  private ApiServer(EventLoopGroup group, ExecutorService workers, Channel channel) {
    this.group = group;
    this.workers = workers;
    this.channel = channel;
  }

  public static ApiServer start(String host, int port, ApiServices services)
      throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    ApiHandler handler = new ApiHandler(services, workers);
    Channel channel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(MAX_AGGREGATED_BYTES))
                        .addLast(handler);
                  }
                })
            .bind(new InetSocketAddress(host, port))
            .sync()
            .channel();
    return new ApiServer(group, workers, channel);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    workers.shutdown();
    group.shutdownGracefully().syncUninterruptibly();
  }
}
