package org.acoustid.benchmarks.server;

import static org.acoustid.benchmarks.CommandFlags.flag;
import static org.acoustid.benchmarks.CommandFlags.intFlag;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.server.FpIndexServer;
import org.acoustid.fpindex.server.ServerOptions;
import org.acoustid.fpindex.server.cluster.Changelog;
import org.acoustid.fpindex.server.cluster.CoordinatorClient;
import org.acoustid.fpindex.server.cluster.CoordinatorServer;
import org.acoustid.fpindex.server.cluster.JetStreamChangelog;
import org.acoustid.fpindex.server.cluster.JetStreamOptions;
import org.acoustid.fpindex.server.cluster.PeerBootstrap;
import org.acoustid.fpindex.server.cluster.Replica;

/**
 * Replication figures of an fpindex cluster, for one feed ({@code --feed nats|coordinator}):
 *
 * <ol>
 *   <li><b>write and lag</b>: node A (an {@link FpIndexServer} in replica mode) takes {@code
 *       --writes} single-document writes over HTTP, one at a time; after each acknowledgement the
 *       follower B (a {@link Replica} in this JVM) is timed until it applied the same position.
 *       Reports write latency (read-your-writes on A) and B's lag, median and p99.
 *   <li><b>load</b>: {@code --docs} documents of 120 hashes in batches of 1000 through A.
 *   <li><b>bootstrap</b>: empty nodes join and are timed until they hold everything: from A's
 *       snapshot ({@code --peers}), from the feed's corpus stream (coordinator only), and by
 *       replaying the feed from position 0. Throughput in fingerprints per second.
 * </ol>
 *
 * <p>Run: {@code bin/bench-cluster --feed nats|coordinator [--writes N] [--docs N] [--nats-url
 * URL]}.
 */
public final class ClusterBenchmark {
  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
  private static final Pattern FILE_VERSION = Pattern.compile("\"file_version\":(\\d+)");
  private static final FpIndexConfig CONFIG = FpIndexConfig.builder().build();
  private static final HttpClient http = HttpClient.newHttpClient();

  /** Where the in-JVM replicas read the changelog: the coordinator, else NATS. */
  private record Feed(CoordinatorServer coordinator, String natsUrl, String prefix) {
    Changelog open() throws IOException {
      return coordinator != null
          ? new CoordinatorClient(URI.create("http://127.0.0.1:" + coordinator.port()))
          : JetStreamChangelog.connect(JetStreamOptions.of(natsUrl).withPrefix(prefix));
    }
  }

  public static void main(String[] args) throws Exception {
    String feed = flag(args, "--feed", "nats");
    int writes = intFlag(args, "--writes", 1000);
    int docs = intFlag(args, "--docs", 200_000);
    String natsUrl = flag(args, "--nats-url", "nats://127.0.0.1:4222");
    Path root = Files.createTempDirectory("fpindex-cluster-bench");
    String prefix = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    CoordinatorServer coordinator = null;
    List<String> feedFlags;
    if (feed.equals("coordinator")) {
      coordinator = CoordinatorServer.start("127.0.0.1", 0);
      feedFlags = List.of("--coordinator-url", "http://127.0.0.1:" + coordinator.port());
    } else {
      feedFlags = List.of("--nats-url", natsUrl, "--nats-prefix", prefix);
    }
    System.out.printf(Locale.ROOT, "fpindex cluster benchmark, feed %s, dir %s%n", feed, root);
    int portA = freePort();
    List<String> a = new ArrayList<>(feedFlags);
    a.addAll(
        List.of(
            "--dir",
            root.resolve("a").toString(),
            "--port",
            "" + portA,
            "--checkpoint-age-ms",
            "200"));
    URI base = URI.create("http://127.0.0.1:" + portA);
    Feed replicas = new Feed(coordinator, natsUrl, prefix);
    try (FpIndexServer nodeA = FpIndexServer.start(ServerOptions.parse(a.toArray(String[]::new)));
        Node nodeB = new Node(root.resolve("b"), replicas, null)) {
      check(send(base, "PUT", "/fp", null));
      SplittableRandom random = new SplittableRandom(42);
      long[] writeNs = new long[writes];
      long[] lagNs = new long[writes];
      for (int i = 0; i < writes; i++) {
        String body =
            "{\"changes\":[{\"insert\":{\"id\":"
                + (i + 1)
                + ",\"hashes\":"
                + hashes(random)
                + "}}]}";
        long t0 = System.nanoTime();
        long version = number(VERSION, check(send(base, "POST", "/fp/_update", body)));
        long t1 = System.nanoTime();
        if (nodeB.replica.awaitApplied("fp", version, Duration.ofSeconds(30)) == false) {
          throw new IllegalStateException("follower did not apply " + version);
        }
        writeNs[i] = t1 - t0;
        lagNs[i] = System.nanoTime() - t1;
      }
      System.out.printf(
          Locale.ROOT,
          "write (ack on A, read-your-writes): median %.2f ms, p99 %.2f ms over %d writes%n",
          median(writeNs) / 1e6,
          percentile(writeNs, 99) / 1e6,
          writes);
      System.out.printf(
          Locale.ROOT,
          "lag (A's ack until B applied): median %.2f ms, p99 %.2f ms%n",
          median(lagNs) / 1e6,
          percentile(lagNs, 99) / 1e6);

      long loadStart = System.nanoTime();
      long version = 0;
      for (int first = writes + 1; first <= writes + docs; first += 1000) {
        StringBuilder body = new StringBuilder("{\"changes\":[");
        int last = Math.min(first + 999, writes + docs);
        for (int id = first; id <= last; id++) {
          body.append(id == first ? "" : ",")
              .append("{\"insert\":{\"id\":")
              .append(id)
              .append(",\"hashes\":")
              .append(hashes(random))
              .append("}}");
        }
        version =
            number(VERSION, check(send(base, "POST", "/fp/_update", body.append("]}").toString())));
      }
      double loadS = (System.nanoTime() - loadStart) / 1e9;
      int total = writes + docs;
      System.out.printf(
          Locale.ROOT,
          "load: %d docs in batches of 1000 through A in %.1f s = %.0f docs/s (B following)%n",
          docs,
          loadS,
          docs / loadS);
      nodeB.replica.awaitApplied("fp", version, Duration.ofMinutes(5));
      while (number(FILE_VERSION, check(send(base, "GET", "/fp/_status", null))) < version) {
        Thread.sleep(50); // A's checkpoint covers everything: its snapshot holds all documents
      }
      String peer = base.toString();
      bootstrap("from A's snapshot", root.resolve("c"), replicas, peer, version, total);
      bootstrap(
          coordinator != null ? "from the corpus stream" : "by replaying the feed",
          root.resolve("d"),
          replicas,
          null,
          version,
          total);
    } finally {
      if (coordinator != null) {
        coordinator.close();
      }
    }
  }

  private static void bootstrap(
      String how, Path dir, Feed feed, String peer, long version, int total) throws Exception {
    long start = System.nanoTime();
    try (Node node = new Node(dir, feed, peer)) {
      while (node.replica.applied("fp") < 0) {
        Thread.sleep(1);
      }
      if (node.replica.awaitApplied("fp", version, Duration.ofMinutes(10)) == false) {
        throw new IllegalStateException("bootstrap " + how + " did not finish");
      }
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "bootstrap %s: %d fingerprints in %.2f s = %.0f fingerprints/s%n",
          how,
          total,
          s,
          total / s);
    }
  }

  /** A replica in this JVM: a registry and a {@link Replica} on its own feed connection. */
  private static final class Node implements AutoCloseable {
    final IndexRegistry registry;
    final Changelog changelog;
    final Replica replica;

    Node(Path dir, Feed feed, String peer) throws IOException {
      registry = IndexRegistry.open(dir, CONFIG);
      changelog = feed.open();
      List<PeerBootstrap.Peer> peers = peer == null ? List.of() : PeerBootstrap.parsePeers(peer);
      replica =
          new Replica(registry, changelog, new PeerBootstrap(registry, peers, Duration.ZERO))
              .start();
    }

    @Override
    public void close() {
      replica.close();
      changelog.close();
      registry.close();
    }
  }

  private static String hashes(SplittableRandom random) {
    int[] h = new int[120];
    for (int i = 0; i < h.length; i++) {
      h[i] = random.nextInt(1 << 28);
    }
    return Arrays.toString(h).replace(" ", "");
  }

  private static HttpResponse<String> send(URI base, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String check(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static long number(Pattern pattern, String body) {
    Matcher m = pattern.matcher(body);
    if (m.find() == false) {
      throw new IllegalStateException("no " + pattern + " in " + body);
    }
    return Long.parseLong(m.group(1));
  }

  private static double median(long[] values) {
    return percentile(values, 50);
  }

  private static double percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private ClusterBenchmark() {}
}
