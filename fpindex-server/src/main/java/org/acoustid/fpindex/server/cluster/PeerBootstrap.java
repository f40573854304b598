package org.acoustid.fpindex.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.IndexRegistry;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds or heals a lineage from a peer's snapshot (spec §11.3). Every {@code --peers} URL is
 * resolved on each attempt (each DNS answer is one peer) and probed with {@code GET
 * /:index/_status}; donors of the same generation whose file version is above ours are tried
 * freshest first. Before a transfer the feed must still hold the entries above the donor's
 * watermark, else no donor can help. The whole transfer is bounded by {@code
 * --bootstrap-timeout-ms}; the deadline is disarmed once the stream is read, so it never cuts the
 * local install.
 */
public final class PeerBootstrap {
  private static final Logger log = LoggerFactory.getLogger(PeerBootstrap.class);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  private static final String MSGPACK = "application/vnd.msgpack";

  /** A peer as configured: host name (re-resolved on every lookup) and port. */
  public record Peer(String host, int port) {}

  /** A probed donor. */
  record Donor(URI base, long generation, long version, long fileVersion) {}

  private final IndexRegistry registry;
  private final List<Peer> peers;
  private final Duration transferTimeout;
  private final HttpClient http;
  private final ScheduledExecutorService deadlines;

  /**
   * @param transferTimeout bound on one whole transfer; zero disables it
   */
  public PeerBootstrap(IndexRegistry registry, List<Peer> peers, Duration transferTimeout) {
    this.registry = registry;
    this.peers = List.copyOf(peers);
    this.transferTimeout = transferTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PROBE_TIMEOUT)
            .build();
    this.deadlines =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("fpindex-bootstrap-deadline").unstarted(r));
  }

  /**
   * Parses {@code --peers}: comma-separated {@code http://host:port} base URLs, whitespace around
   * items ignored, empty items skipped. Only {@code http} (default port 80).
   *
   * @throws IllegalArgumentException naming the offending item
   */
  public static List<Peer> parsePeers(String value) {
    List<Peer> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String raw : value.split(",")) {
      String item = raw.strip();
      if (item.isEmpty()) {
        continue;
      }
      URI uri;
      try {
        uri = new URI(item);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("--peers: not a URL: " + item);
      }
      if ("http".equals(uri.getScheme()) == false || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "--peers: only http://host:port is supported, got " + item);
      }
      out.add(new Peer(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()));
    }
    return out;
  }

  /**
   * Installs the freshest usable peer snapshot of {@code (name, generation)} above {@code applied}.
   *
   * @param onInstalled receives the installed index before this returns
   * @return the installed version, or empty when no peer can serve (none ahead, or the feed no
   *     longer holds what follows the freshest one)
   * @throws IOException when every donor failed mid-transfer
   */
  OptionalLong install(
      String name,
      long generation,
      long applied,
      Changelog changelog,
      Consumer<FpIndex> onInstalled)
      throws IOException, InterruptedException {
    if (peers.isEmpty()) {
      return OptionalLong.empty();
    }
    List<Donor> donors = probe(name, generation, applied);
    if (donors.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      changelog.read(name, generation, donors.getFirst().fileVersion(), 1);
    } catch (BelowRetentionException e) {
      log.warn(
          "{}/{}: the freshest peer snapshot ({}) is below the feed's retention too",
          name,
          generation,
          donors.getFirst().fileVersion());
      return OptionalLong.empty();
    }
    IOException last = null;
    for (Donor donor : donors) {
      try {
        FpIndex installed = transfer(name, generation, donor);
        onInstalled.accept(installed);
        return OptionalLong.of(installed.info().version());
      } catch (IOException e) {
        log.warn(
            "{}/{}: snapshot from {} failed: {}", name, generation, donor.base(), e.toString());
        last = e;
      }
    }
    throw last;
  }

  private FpIndex transfer(String name, long generation, Donor donor)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(donor.base().resolve("/" + name + "/_snapshot")).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException(
            "GET /"
                + name
                + "/_snapshot answered "
                + response.statusCode()
                + " from "
                + donor.base());
      }
      ScheduledFuture<?> deadline =
          transferTimeout.isZero()
              ? null
              : deadlines.schedule(
                  () -> closeQuietly(body), transferTimeout.toMillis(), TimeUnit.MILLISECONDS);
      FpIndex installed;
      try {
        installed = registry.install(name, generation, body);
      } finally {
        if (deadline != null) {
          deadline.cancel(false);
        }
      }
      log.info(
          "{}/{}: installed {}'s snapshot at version {} in {} ms",
          name,
          generation,
          donor.base(),
          installed.info().version(),
          (System.nanoTime() - start) / 1_000_000);
      return installed;
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the transfer fails on its next read, which is the point
    }
  }

  /** Donors of {@code generation} with a file version above {@code applied}, freshest first. */
  List<Donor> probe(String name, long generation, long applied) throws InterruptedException {
    List<CompletableFuture<Donor>> probes = new ArrayList<>();
    for (Peer peer : peers) {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(peer.host());
      } catch (UnknownHostException e) {
        log.warn("peer {} does not resolve", peer.host());
        continue;
      }
      for (InetAddress address : addresses) {
        String host = address.getHostAddress();
        if (host.contains(":")) {
          host = "[" + host + "]";
        }
        URI base = URI.create("http://" + host + ":" + peer.port());
        HttpRequest request =
            HttpRequest.newBuilder(base.resolve("/" + name + "/_status"))
                .header("Accept", MSGPACK)
                .timeout(PROBE_TIMEOUT)
                .GET()
                .build();
        probes.add(
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> r.statusCode() == 200 ? status(base, r.body()) : null)
                .exceptionally(e -> null));
      }
    }
    List<Donor> donors = new ArrayList<>();
    for (CompletableFuture<Donor> probe : probes) {
      try {
        Donor d = probe.get();
        if (d != null && d.generation() == generation && d.fileVersion() > applied) {
          donors.add(d);
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // a peer that cannot answer is no donor
      }
    }
    donors.sort(Comparator.comparingLong(Donor::fileVersion).reversed());
    return donors;
  }

  /** Decodes {@code {g, v, f}}; a malformed answer makes the peer no donor. */
  static Donor status(URI base, byte[] body) {
    long g = -1;
    long v = -1;
    long f = -1;
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(body)) {
      int fields = in.unpackMapHeader();
      for (int i = 0; i < fields; i++) {
        String key = in.unpackString();
        long value = in.unpackLong();
        switch (key.isEmpty() ? ' ' : key.charAt(0)) {
          case 'g' -> g = value;
          case 'v' -> v = value;
          case 'f' -> f = value;
          default -> {}
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("peer {} sent a malformed status: {}", base, e.toString());
      return null;
    }
    return g < 0 || v < 0 || f < 0 ? null : new Donor(base, g, v, f);
  }

  /** Stops the deadline timer. */
  public void close() {
    deadlines.shutdownNow();
  }
}
