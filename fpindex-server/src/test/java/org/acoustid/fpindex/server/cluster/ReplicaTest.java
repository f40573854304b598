package org.acoustid.fpindex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.fpindex.SearchRequest;
import org.acoustid.fpindex.VersionMismatchException;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas in one JVM on the built-in coordinator's in-memory feed: writes through any node are
 * applied by every node in feed order, read-your-writes holds on the writing node, lineages never
 * mix, and a restarted node resumes from its own persisted version.
 */
@Seeded
class ReplicaTest {
  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private static final FpIndexConfig CONFIG = FpIndexConfig.builder().build();

  @TempDir Path tmp;
  private final MemoryChangelog feed = new MemoryChangelog();
  private final List<Node> nodes = new ArrayList<>();

  /** One replica: its own registry on disk, following the shared feed. */
  private final class Node implements AutoCloseable {
    final Path dir;
    final IndexRegistry registry;
    final Replica replica;

    Node(Path dir) throws IOException {
      this.dir = dir;
      this.registry = IndexRegistry.open(dir, CONFIG);
      this.replica =
          new Replica(registry, feed, new PeerBootstrap(registry, List.of(), Duration.ZERO))
              .start();
    }

    FpIndex index(String name) {
      return registry.get(name).orElseThrow();
    }

    @Override
    public void close() {
      replica.close();
      registry.close();
    }
  }

  private Node node(String name) throws IOException {
    Node node = new Node(tmp.resolve(name));
    nodes.add(node);
    return node;
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(Node::close);
  }

  private static void awaitAll(List<Node> nodes, String name, long position)
      throws InterruptedException {
    for (Node node : nodes) {
      long deadline = System.nanoTime() + CONVERGE.toNanos();
      // the lineage may not be followed yet right after a create elsewhere
      while (node.replica.applied(name) < 0 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(node.replica.awaitApplied(name, position, CONVERGE))
          .as("%s applied %d of %s", node.dir.getFileName(), position, name)
          .isTrue();
    }
  }

  private static List<Change> randomBatch(Random random, Map<Integer, int[]> model) {
    List<Change> batch = new ArrayList<>();
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      int id = 1 + random.nextInt(60);
      if (random.nextInt(4) == 0) {
        batch.add(new Delete(id));
        model.remove(id);
      } else {
        int[] hashes = random.ints(20 + random.nextInt(40), 0, 5000).toArray();
        batch.add(new Insert(id, hashes));
        model.put(id, hashes);
      }
    }
    return batch;
  }

  @Test
  void replicasConvergeOnRandomWritesThroughAnyNode(Random random) throws Exception {
    List<Node> cluster = List.of(node("a"), node("b"), node("c"));
    cluster.get(0).replica.createIndex("fp");
    Map<Integer, int[]> model = new HashMap<>();
    long last = 0;
    for (int i = 0; i < 150; i++) {
      Node writer = cluster.get(random.nextInt(cluster.size()));
      awaitAll(List.of(writer), "fp", 0);
      long position = writer.replica.write("fp", randomBatch(random, model), OptionalLong.empty());
      assertThat(position).isGreaterThan(last);
      last = position;
      // read-your-writes: the writing node already serves the batch
      assertThat(writer.index("fp").info().version()).isGreaterThanOrEqualTo(position);
    }
    awaitAll(cluster, "fp", last);
    for (Node node : cluster) {
      FpIndex index = node.index("fp");
      assertThat(index.info().numDocs()).as("docs on %s", node.dir).isEqualTo(model.size());
      for (int id = 1; id <= 60; id++) {
        assertThat(index.get(id).isPresent())
            .as("doc %d on %s", id, node.dir)
            .isEqualTo(model.containsKey(id));
      }
      for (Map.Entry<Integer, int[]> doc : model.entrySet()) {
        SearchRequest request = SearchRequest.of(doc.getValue());
        List<SearchHit> expected = cluster.get(0).index("fp").search(request).hits();
        assertThat(index.search(request).hits()).isEqualTo(expected);
        assertThat(expected.getFirst().id()).isEqualTo(doc.getKey());
      }
    }
  }

  @Test
  void aStaleExpectedVersionIsRefusedAndNothingAppended() throws Exception {
    Node a = node("a");
    a.replica.createIndex("fp");
    long v1 = a.replica.write("fp", List.of(new Insert(1, new int[] {1, 2})), OptionalLong.empty());
    long v2 = a.replica.write("fp", List.of(new Insert(2, new int[] {3})), OptionalLong.of(v1));
    assertThatThrownBy(
            () -> a.replica.write("fp", List.of(new Insert(3, new int[] {4})), OptionalLong.of(v1)))
        .isInstanceOf(VersionMismatchException.class);
    assertThat(a.replica.write("fp", List.of(), OptionalLong.empty())).isEqualTo(v2);
    assertThat(a.index("fp").get(3)).isEmpty();
  }

  @Test
  void deleteAndRecreatePropagateAndNeverMixLineages() throws Exception {
    Node a = node("a");
    Node b = node("b");
    IndexRegistry.CreateResult first = a.replica.createIndex("fp");
    long p = a.replica.write("fp", List.of(new Insert(1, new int[] {1, 2})), OptionalLong.empty());
    awaitAll(List.of(b), "fp", p);
    assertThat(b.registry.generation("fp")).isEqualTo(first.generation());

    assertThat(b.replica.deleteIndex("fp")).isTrue();
    assertThat(b.registry.get("fp")).isEmpty();
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    while (a.registry.get("fp").isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(a.registry.get("fp")).as("delete reached the other node").isEmpty();

    IndexRegistry.CreateResult second = b.replica.createIndex("fp");
    assertThat(second.generation()).isGreaterThan(first.generation());
    awaitAll(List.of(a), "fp", 0);
    assertThat(a.registry.generation("fp")).isEqualTo(second.generation());
    assertThat(a.index("fp").get(1)).isEmpty();
    assertThat(b.index("fp").get(1)).isEmpty();
  }

  @Test
  void aRestartedReplicaResumesFromItsPersistedVersion(Random random) throws Exception {
    Node a = node("a");
    Node b = node("b");
    a.replica.createIndex("fp");
    Map<Integer, int[]> model = new HashMap<>();
    long p = 0;
    for (int i = 0; i < 20; i++) {
      p = a.replica.write("fp", randomBatch(random, model), OptionalLong.empty());
    }
    awaitAll(List.of(b), "fp", p);
    nodes.remove(b);
    b.close();
    long bVersion = p;
    for (int i = 0; i < 20; i++) {
      p = a.replica.write("fp", randomBatch(random, model), OptionalLong.empty());
    }
    // entries b already holds are gone from the feed: a replay from 0 would fail, resuming works
    feed.truncate("fp", a.registry.generation("fp"), bVersion);
    Node restarted = node("b");
    awaitAll(List.of(restarted), "fp", p);
    assertThat(restarted.replica.loading("fp")).isFalse();
    for (int id = 1; id <= 60; id++) {
      assertThat(restarted.index("fp").get(id).isPresent()).isEqualTo(model.containsKey(id));
    }
  }

  @Test
  void anEmptyReplicaSeedsFromTheCorpusStreamWhenTheFeedIsTruncated(Random random)
      throws Exception {
    Node a = node("a");
    a.replica.createIndex("fp");
    Map<Integer, int[]> model = new HashMap<>();
    long p = 0;
    for (int i = 0; i < 30; i++) {
      p = a.replica.write("fp", randomBatch(random, model), OptionalLong.empty());
    }
    // no peers, and a replay from 0 is impossible: only the corpus stream can fill the newcomer
    feed.truncate("fp", a.registry.generation("fp"), p);
    Node late = node("late");
    awaitAll(List.of(late), "fp", p);
    assertThat(late.replica.loading("fp")).isFalse();
    assertThat(late.index("fp").info().version()).isEqualTo(p);
    assertThat(late.index("fp").info().numDocs()).isEqualTo(model.size());
    for (Map.Entry<Integer, int[]> doc : model.entrySet()) {
      SearchRequest request = SearchRequest.of(doc.getValue());
      assertThat(late.index("fp").search(request).hits())
          .isEqualTo(a.index("fp").search(request).hits());
    }
    long next = a.replica.write("fp", randomBatch(random, model), OptionalLong.empty());
    awaitAll(List.of(late), "fp", next); // and follows the feed from there
    assertThat(late.registry.root().resolve(".staging")).isEmptyDirectory();
  }

  @Test
  void aLocalIndexTheFeedDoesNotListIsDropped() throws Exception {
    Path dir = tmp.resolve("a");
    try (IndexRegistry standalone = IndexRegistry.open(dir, CONFIG)) {
      standalone.create("orphan", false, OptionalLong.empty());
    }
    Node a = node("a");
    a.replica.createIndex("fp"); // the meta feed was folded before this create returned
    assertThat(a.registry.names()).containsExactly("fp");
  }
}
