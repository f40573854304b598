package org.acoustid.fpindex.server.cluster;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.acoustid.fpindex.server.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changelog coordinator protocol of spec §11.4 over HTTP, serving any {@link Changelog}. With a
 * {@link MemoryChangelog} it is the {@code --coordinator} mode (state in memory only, meant to live
 * as long as the cluster it serves: tests, small setups); acoustid-server serves its read-only
 * fingerprint feed through it. Replicas started with {@code --coordinator-url} talk to it through
 * {@link CoordinatorClient}.
 *
 * <p>Requests run on virtual threads ({@link CoordinatorHandler}), never on the event loop. Owns
 * its event loops and workers; {@link #close()} releases them.
 */
public final class CoordinatorServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CoordinatorServer.class);

  /** Largest request body: the index node's limit, so any batch a node accepts fits. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final Changelog changelog;
  private final ExecutorService workers;
  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final Channel channel;

  private CoordinatorServer(
      Changelog changelog,
      ExecutorService workers,
      EventLoopGroup boss,
      EventLoopGroup io,
      Channel channel) {
    this.changelog = changelog;
    this.workers = workers;
    this.boss = boss;
    this.io = io;
    this.channel = channel;
  }

  /** Serves a new, empty {@link MemoryChangelog} on {@code host:port} ({@code 0}: any port). */
  public static CoordinatorServer start(String host, int port) throws InterruptedException {
    return start(host, port, new MemoryChangelog());
  }

  /** Serves {@code changelog} on {@code host:port}; the caller keeps ownership of it. */
  public static CoordinatorServer start(String host, int port, Changelog changelog)
      throws InterruptedException {
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    Transport transport = Transport.detect();
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandler());
    EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, transport.ioHandler());
    CoordinatorHandler handler = new CoordinatorHandler(changelog, workers);
    boolean started = false;
    try {
      Channel channel =
          new ServerBootstrap()
              .group(boss, io)
              .channel(transport.channel())
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast("codec", new HttpServerCodec())
                          .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES, true))
                          .addLast("coordinator", handler);
                    }
                  })
              .bind(new InetSocketAddress(host, port))
              .sync()
              .channel();
      started = true;
      CoordinatorServer server = new CoordinatorServer(changelog, workers, boss, io, channel);
      log.info("coordinator listening on http://{}:{} ({})", host, server.port(), transport.name());
      return server;
    } finally {
      if (started == false) {
        boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        workers.shutdownNow();
      }
    }
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** The feeds being served, for in-process use (tests, truncation). */
  public Changelog changelog() {
    return changelog;
  }

  /** Stops accepting, lets in-flight requests finish for a moment, and stops the event loops. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    workers.shutdown();
    try {
      if (workers.awaitTermination(2, TimeUnit.SECONDS) == false) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    log.info("coordinator stopped");
  }
}
