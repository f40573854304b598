package org.acoustid.fpindex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.acoustid.testing.NatsFixture;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replicas as real {@code bin/fpindex} processes on loopback, following either NATS JetStream or
 * the built-in coordinator (also a {@code bin/fpindex} process): random writes through any node
 * converge to the same answers everywhere, a replica killed with SIGKILL during writes catches up
 * after restart, and a replica whose position the feed no longer holds restores from a peer's
 * snapshot.
 */
@Seeded
class ClusterIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
  private static final Pattern FILE_VERSION = Pattern.compile("\"file_version\":(\\d+)");
  private static final Pattern UPDATES =
      Pattern.compile("(?m)^fpindex_updates_total\\{index=\"fp\"\\} (\\d+)");
  private static final Pattern GENERATION = Pattern.compile("\"generation\":(\\d+)");

  enum Feed {
    NATS,
    COORDINATOR
  }

  @RegisterExtension static final NatsFixture nats = new NatsFixture();
  private static final AtomicInteger clusters = new AtomicInteger();

  // kept when a test fails: each node's log is there
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<ServerProcess> processes = new ArrayList<>();
  private ServerProcess coordinator;

  @AfterEach
  void stopAll() throws Exception {
    for (ServerProcess p : processes) {
      p.close();
    }
  }

  /** Starts the feed and returns the flags that make a node follow it. */
  private List<String> feed(Feed feed, String... retention) throws Exception {
    if (feed == Feed.NATS) {
      // streams under the fixture's prefix are deleted after the class
      String prefix = nats.streamPrefix() + clusters.incrementAndGet();
      List<String> flags =
          new ArrayList<>(List.of("--nats-url", nats.url(), "--nats-prefix", prefix));
      flags.addAll(List.of(retention));
      return flags;
    }
    coordinator = new ServerProcess(tmp.resolve("coordinator"), false, "--coordinator").start();
    processes.add(coordinator);
    return List.of("--coordinator-url", coordinator.uri("").toString());
  }

  private List<ServerProcess> nodes(int n, List<String> feedFlags, String... extra)
      throws Exception {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ports.add(ServerProcess.freePort());
    }
    String peers =
        ports.stream().map(p -> "http://127.0.0.1:" + p).collect(Collectors.joining(","));
    List<ServerProcess> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> args = new ArrayList<>(feedFlags);
      // small, quick checkpoints: peers have file segments to donate
      args.addAll(
          List.of("--peers", peers, "--checkpoint-threshold", "50", "--checkpoint-age-ms", "200"));
      args.addAll(List.of(extra));
      ServerProcess node =
          new ServerProcess(tmp.resolve("node" + i), ports.get(i), 0, args.toArray(String[]::new));
      processes.add(node);
      nodes.add(node);
    }
    for (ServerProcess node : nodes) {
      node.start();
    }
    return nodes;
  }

  private HttpResponse<String> call(ServerProcess node, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(40));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long number(Pattern pattern, String body) {
    Matcher m = pattern.matcher(body);
    assertThat(m.find()).as("%s in %s", pattern, body).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** Waits until {@code node} holds index {@code fp} at {@code version} or later. */
  private void awaitVersion(ServerProcess node, long version) throws Exception {
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> info = call(node, "GET", "/fp", null);
      last = info.statusCode() + " " + info.body();
      if (info.statusCode() == 200 && number(VERSION, info.body()) >= version) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(50); // poll interval of a convergence wait, not a timing claim
    }
    throw new AssertionError(node.uri("/fp") + " did not reach version " + version + ": " + last);
  }

  private static String randomBatch(Random random, Map<Integer, int[]> model) {
    List<String> changes = new ArrayList<>();
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      int id = 1 + random.nextInt(80);
      if (random.nextInt(5) == 0) {
        changes.add("{\"delete\":{\"id\":" + id + "}}");
        model.remove(id);
      } else {
        int[] hashes = random.ints(30, 0, 100_000).toArray();
        model.put(id, hashes);
        changes.add(
            "{\"insert\":{\"id\":"
                + id
                + ",\"hashes\":"
                + IntStream.of(hashes)
                    .mapToObj(Integer::toString)
                    .collect(Collectors.joining(",", "[", "]"))
                + "}}");
      }
    }
    return "{\"changes\":" + String.join(",", changes).transform(s -> "[" + s + "]") + "}";
  }

  private long write(ServerProcess node, String body) throws Exception {
    HttpResponse<String> r = call(node, "POST", "/fp/_update", body);
    assertThat(r.statusCode()).as("update via %s: %s", node.uri(""), r.body()).isEqualTo(200);
    return number(VERSION, r.body());
  }

  /** Every node answers every model document's search identically, the document first. */
  private void assertConverged(List<ServerProcess> nodes, Map<Integer, int[]> model, long version)
      throws Exception {
    for (ServerProcess node : nodes) {
      awaitVersion(node, version);
    }
    for (Map.Entry<Integer, int[]> doc : model.entrySet()) {
      String query =
          IntStream.of(doc.getValue())
              .mapToObj(Integer::toString)
              .collect(Collectors.joining(",", "{\"query\":[", "]}"));
      String expected = null;
      for (ServerProcess node : nodes) {
        HttpResponse<String> r = call(node, "POST", "/fp/_search", query);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"results\":[{\"id\":" + doc.getKey() + ",");
        if (expected == null) {
          expected = r.body();
        }
        assertThat(r.body()).as("search on %s", node.uri("")).isEqualTo(expected);
      }
    }
    for (ServerProcess node : nodes) {
      for (int id = 1; id <= 80; id++) {
        int status = call(node, "HEAD", "/fp/" + id, null).statusCode();
        assertThat(status)
            .as("HEAD /fp/%d on %s", id, node.uri(""))
            .isEqualTo(model.containsKey(id) ? 200 : 404);
      }
    }
  }

  private void awaitIndex(ServerProcess node) throws Exception {
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    while (call(node, "GET", "/fp/_health", null).statusCode() != 200) {
      assertThat(System.nanoTime()).as("fp served on %s", node.uri("")).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  @ParameterizedTest
  @EnumSource(Feed.class)
  void replicasConvergeAndAKilledReplicaCatchesUp(Feed kind, Random random) throws Exception {
    List<ServerProcess> nodes = nodes(3, feed(kind));
    HttpResponse<String> created = call(nodes.get(0), "PUT", "/fp", null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    HttpResponse<String> withGeneration = call(nodes.get(1), "PUT", "/fp", "{\"generation\":9}");
    assertThat(withGeneration.body()).contains("GenerationNotAllowed");
    for (ServerProcess node : nodes) {
      awaitIndex(node);
    }
    Map<Integer, int[]> model = new HashMap<>();
    long version = 0;
    for (int i = 0; i < 120; i++) {
      int target = i >= 40 && i < 80 ? random.nextInt(2) : random.nextInt(3);
      if (i == 40) {
        nodes.get(2).kill(); // SIGKILL while the others keep writing
      }
      if (i == 80) {
        nodes.get(2).start();
        awaitIndex(nodes.get(2));
      }
      long v = write(nodes.get(target), randomBatch(random, model));
      assertThat(v).isGreaterThan(version);
      version = v;
    }
    assertConverged(nodes, model, version);
    // replicas count the batches they apply from the feed, whoever took the write
    for (ServerProcess node : nodes) {
      String metrics = call(node, "GET", "/_metrics", null).body();
      Matcher updates = UPDATES.matcher(metrics);
      assertThat(updates.find()).as(metrics).isTrue();
      assertThat(Long.parseLong(updates.group(1))).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(Feed.class)
  void aReplicaBelowRetentionRestoresFromAPeer(Feed kind, Random random) throws Exception {
    List<String> feedFlags = feed(kind, "--nats-max-messages", "20");
    List<ServerProcess> nodes = nodes(2, feedFlags);
    ServerProcess a = nodes.get(0);
    ServerProcess b = nodes.get(1);
    assertThat(call(a, "PUT", "/fp", null).statusCode()).isEqualTo(200);
    awaitIndex(b);
    Map<Integer, int[]> model = new HashMap<>();
    long version = 0;
    for (int i = 0; i < 10; i++) {
      version = write(a, randomBatch(random, model));
    }
    awaitVersion(b, version);
    assertThat(b.terminate()).isEqualTo(0);
    for (int i = 0; i < 100; i++) {
      version = write(a, randomBatch(random, model));
    }
    long generation = number(GENERATION, call(a, "GET", "/fp/_status", null).body());
    // a's checkpoints reach the last write; then the feed drops everything b still needs
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    long fileVersion = 0;
    while (fileVersion < version && System.nanoTime() < deadline) {
      fileVersion = number(FILE_VERSION, call(a, "GET", "/fp/_status", null).body());
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertThat(fileVersion).isEqualTo(version);
    if (kind == Feed.COORDINATOR) {
      HttpResponse<String> truncated =
          http.send(
              HttpRequest.newBuilder(
                      coordinator.uri("/_truncate/fp/" + generation + "?floor=" + fileVersion))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(truncated.statusCode()).isEqualTo(200);
    }
    b.start();
    // an empty node joining now cannot replay the feed from 0 either: it seeds from a peer
    List<String> args = new ArrayList<>(feedFlags);
    args.addAll(List.of("--peers", a.uri("").toString(), "--checkpoint-age-ms", "200"));
    ServerProcess c =
        new ServerProcess(
            tmp.resolve("late"), ServerProcess.freePort(), 0, args.toArray(String[]::new));
    processes.add(c);
    c.start();
    awaitIndex(c);
    version = write(a, randomBatch(random, model));
    assertConverged(List.of(a, b, c), model, version);
    assertThat(number(GENERATION, call(b, "GET", "/fp/_status", null).body()))
        .isEqualTo(generation);
  }
}
