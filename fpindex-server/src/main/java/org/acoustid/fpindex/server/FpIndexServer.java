package org.acoustid.fpindex.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.server.legacy.LegacyInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The fpindex daemon: a drop-in replacement for the upstream fingerprint index server.
 *
 * <p>Startup order matters to clients: open the data directory, load every index (file segments and
 * WAL replay), create {@code main} when the legacy port is on, and only then bind the listeners, so
 * a {@code 200} from {@code /_health} means previously committed data is searchable. SIGTERM/SIGINT
 * stop the listeners, let in-flight requests finish for a few seconds, and close the indexes
 * (un-flushed data is in the WAL, so no checkpoint is needed).
 *
 * <p>Owns the event loops, the worker executor and the registry; {@link #close()} releases them.
 */
public final class FpIndexServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FpIndexServer.class);

  /** How long shutdown waits for in-flight requests before cutting them off. */
  static final long DRAIN_SECONDS = 5;

  private final IndexRegistry registry;
  private final ExecutorService workers;
  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final Channel http;
  private final Channel legacy;

  private FpIndexServer(
      IndexRegistry registry,
      ExecutorService workers,
      EventLoopGroup boss,
      EventLoopGroup io,
      Channel http,
      Channel legacy) {
    this.registry = registry;
    this.workers = workers;
    this.boss = boss;
    this.io = io;
    this.http = http;
    this.legacy = legacy;
  }

  /** Loads every index under {@code options.dir()} and starts listening. */
  public static FpIndexServer start(ServerOptions options)
      throws IOException, InterruptedException {
    if (options.coordinator() || options.coordinatorUrl() != null) {
      throw new IllegalArgumentException(
          "replica and coordinator modes are not available in this build; run without"
              + " --coordinator / --coordinator-url");
    }
    if (Files.isDirectory(options.dir()) == false) {
      Files.createDirectory(options.dir()); // one level, as upstream
    }
    FpIndexConfig config =
        FpIndexConfig.builder()
            .checkpointThreshold(options.checkpointThreshold())
            .checkpointAgeMs(options.checkpointAgeMs())
            .build();
    long loadStart = System.nanoTime();
    IndexRegistry registry = IndexRegistry.open(options.dir(), config);
    log.info(
        "loaded {} index(es) from {} in {} ms",
        registry.names().size(),
        options.dir(),
        (System.nanoTime() - loadStart) / 1_000_000);
    ServerMetrics metrics = new ServerMetrics();
    ServerContext context = new ServerContext(registry, metrics);
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    Transport transport = Transport.detect();
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandler());
    EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, transport.ioHandler());
    boolean started = false;
    Channel http = null;
    Channel legacy = null;
    try {
      if (options.legacyPort() != 0) {
        registry.create(LegacyInitializer.INDEX_NAME, false, OptionalLong.empty());
      }
      http =
          new ServerBootstrap()
              .group(boss, io)
              .channel(transport.channel())
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(new HttpInitializer(new HttpDispatcher(context, workers)))
              .bind(new InetSocketAddress(options.host(), options.port()))
              .sync()
              .channel();
      if (options.legacyPort() != 0) {
        legacy =
            new ServerBootstrap()
                .group(boss, io)
                .channel(transport.channel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new LegacyInitializer(context, workers))
                .bind(new InetSocketAddress(options.host(), options.legacyPort()))
                .sync()
                .channel();
      }
      started = true;
    } finally {
      if (started == false) {
        if (http != null) {
          http.close();
        }
        boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        workers.shutdownNow();
        registry.close();
      }
    }
    InetSocketAddress bound = (InetSocketAddress) http.localAddress();
    log.info(
        "listening on http://{}:{} ({}){}",
        options.host(),
        bound.getPort(),
        transport.name(),
        legacy == null
            ? ""
            : ", legacy protocol on port " + ((InetSocketAddress) legacy.localAddress()).getPort());
    return new FpIndexServer(registry, workers, boss, io, http, legacy);
  }

  /** The bound HTTP port (useful with {@code --port 0}). */
  public int httpPort() {
    return ((InetSocketAddress) http.localAddress()).getPort();
  }

  /** The bound legacy port, or 0 when the legacy protocol is off. */
  public int legacyPort() {
    return legacy == null ? 0 : ((InetSocketAddress) legacy.localAddress()).getPort();
  }

  /** Stops accepting, drains in-flight work for up to {@value #DRAIN_SECONDS} s, closes indexes. */
  @Override
  public void close() {
    http.close().syncUninterruptibly();
    if (legacy != null) {
      legacy.close().syncUninterruptibly();
    }
    workers.shutdown();
    try {
      if (workers.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS) == false) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    registry.close();
    log.info("stopped");
  }

  public static void main(String[] args) {
    ServerOptions options;
    try {
      options = ServerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("fpindex: " + e.getMessage());
      System.exit(2);
      return;
    }
    options.warnings().forEach(log::warn);
    FpIndexServer server;
    try {
      server = start(options);
    } catch (Exception e) {
      log.error("startup failed: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    // Handle SIGTERM/SIGINT ourselves: with only a shutdown hook the JVM would exit 143/130, while
    // upstream (and process supervisors) expect 0 after a clean stop.
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("signal received, shutting down");
    server.close();
    System.exit(0);
  }
}
