package org.acoustid.fpindex.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.server.cluster.Changelog;
import org.acoustid.fpindex.server.cluster.CoordinatorClient;
import org.acoustid.fpindex.server.cluster.CoordinatorServer;
import org.acoustid.fpindex.server.cluster.FeedReadOnlyException;
import org.acoustid.fpindex.server.cluster.JetStreamChangelog;
import org.acoustid.fpindex.server.cluster.PeerBootstrap;
import org.acoustid.fpindex.server.cluster.Replica;
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
  private final Replica replica;
  private final ExecutorService workers;
  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final Channel http;
  private final Channel legacy;

  private FpIndexServer(
      IndexRegistry registry,
      Replica replica,
      ExecutorService workers,
      EventLoopGroup boss,
      EventLoopGroup io,
      Channel http,
      Channel legacy) {
    this.registry = registry;
    this.replica = replica;
    this.workers = workers;
    this.boss = boss;
    this.io = io;
    this.http = http;
    this.legacy = legacy;
  }

  /** Loads every index under {@code options.dir()} and starts listening. */
  public static FpIndexServer start(ServerOptions options)
      throws IOException, InterruptedException {
    if (options.coordinator()) {
      throw new IllegalArgumentException(
          "--coordinator runs a CoordinatorServer, not an index node");
    }
    List<PeerBootstrap.Peer> peers = PeerBootstrap.parsePeers(options.peers());
    if (Files.isDirectory(options.dir()) == false) {
      Files.createDirectory(options.dir()); // one level, as upstream
    }
    FpIndexConfig config = indexConfig(options);
    long loadStart = System.nanoTime();
    IndexRegistry registry = IndexRegistry.open(options.dir(), config);
    log.info(
        "loaded {} index(es) from {} in {} ms",
        registry.names().size(),
        options.dir(),
        (System.nanoTime() - loadStart) / 1_000_000);
    ServerMetrics metrics = new ServerMetrics();
    Replica replica = null;
    if (options.replica()) {
      try {
        replica =
            new Replica(
                    registry,
                    openChangelog(options),
                    new PeerBootstrap(
                        registry, peers, Duration.ofMillis(options.bootstrapTimeoutMs())),
                    metrics::updated)
                .start();
      } catch (IOException | RuntimeException e) {
        registry.close();
        throw e;
      }
    }
    ServerContext context = new ServerContext(registry, metrics, replica);
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    Transport transport = Transport.detect();
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandler());
    EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, transport.ioHandler());
    boolean started = false;
    Channel http = null;
    Channel legacy = null;
    try {
      if (options.legacyPort() != 0) {
        if (replica != null) {
          try {
            replica.createIndex(LegacyInitializer.INDEX_NAME);
          } catch (FeedReadOnlyException e) {
            // a read-only feed decides which indexes exist; the legacy port serves main if it does
            log.warn("not creating index main for the legacy port: {}", e.getMessage());
          }
        } else {
          registry.create(LegacyInitializer.INDEX_NAME, false, OptionalLong.empty());
        }
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
        if (replica != null) {
          replica.close();
          replica.changelog().close();
        }
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
    return new FpIndexServer(registry, replica, workers, boss, io, http, legacy);
  }

  private static Changelog openChangelog(ServerOptions options) throws IOException {
    if (options.coordinatorUrl() != null) {
      log.info("replica of the coordinator at {}", options.coordinatorUrl());
      return new CoordinatorClient(URI.create(options.coordinatorUrl()));
    }
    log.info(
        "replica on NATS JetStream at {} (prefix {})", options.natsUrl(), options.natsPrefix());
    return JetStreamChangelog.connect(options.jetStreamOptions());
  }

  /** The engine settings the flags choose, for every index of the registry. */
  static FpIndexConfig indexConfig(ServerOptions options) {
    return FpIndexConfig.builder()
        .checkpointThreshold(options.checkpointThreshold())
        .checkpointAgeMs(options.checkpointAgeMs())
        .maxDocsPerHash(options.maxDocsPerHash())
        .build();
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
    if (replica != null) {
      replica.close();
      replica.changelog().close();
    }
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
    AutoCloseable server;
    try {
      server =
          options.coordinator()
              ? CoordinatorServer.start(options.host(), options.port())
              : start(options);
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
    try {
      server.close();
    } catch (Exception e) {
      log.error("shutdown failed", e);
      System.exit(1);
    }
    System.exit(0);
  }
}
