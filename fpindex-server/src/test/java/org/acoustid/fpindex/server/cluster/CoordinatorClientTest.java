package org.acoustid.fpindex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.IndexNotFoundException;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.InvalidIndexNameException;
import org.acoustid.fpindex.SetMetadata;
import org.acoustid.fpindex.VersionMismatchException;
import org.acoustid.fpindex.server.cluster.Changelog.Entry;
import org.acoustid.fpindex.server.cluster.Changelog.MetaOp;
import org.acoustid.fpindex.server.cluster.Changelog.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CoordinatorClient} against a running {@link CoordinatorServer} over loopback: every route
 * and every error mapping of the {@link Changelog} contract. Statuses the built-in coordinator
 * never sends (403, 500, a malformed 200) come from a scripted {@link HttpServer}.
 */
class CoordinatorClientTest {
  private CoordinatorServer server;
  private CoordinatorClient client;

  @BeforeEach
  void start() throws Exception {
    server = CoordinatorServer.start("127.0.0.1", 0);
    client = new CoordinatorClient(URI.create("http://127.0.0.1:" + server.port() + "/"));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void metaFeedRoundTrips() throws Exception {
    assertThat(client.createIndex("a")).isEqualTo(1);
    assertThat(client.createIndex("b")).isEqualTo(2);
    assertThat(client.createIndex("a")).isEqualTo(1);
    assertThat(client.deleteIndex("a")).isEqualTo(3);
    assertThat(client.deleteIndex("a")).isEqualTo(3);
    assertThat(client.readMeta(0, 10))
        .isEqualTo(
            new Page<>(
                List.of(
                    new MetaOp(1, MetaOp.Kind.CREATE, "a"),
                    new MetaOp(2, MetaOp.Kind.CREATE, "b"),
                    new MetaOp(3, MetaOp.Kind.DELETE, "a")),
                1000));
    assertThat(client.readMeta(1, 2).items()).extracting(MetaOp::position).containsExactly(2L, 3L);
    assertThat(client.readMeta(1, 2).retryAfterMs()).isZero();
  }

  @Test
  void changesRoundTripWithOnePositionEach() throws Exception {
    long g = client.createIndex("main");
    List<Change> batch =
        List.of(
            new Insert(1, new int[] {0, 1, -1, Integer.MIN_VALUE}),
            new Insert(0xFFFF_FFFF, new int[0]),
            new Delete(7),
            new SetMetadata("foo", "bär"));
    assertThat(client.append("main", g, batch, OptionalLong.empty())).isEqualTo(4);
    assertThat(client.append("main", g, List.of(), OptionalLong.of(4))).isEqualTo(4);
    assertThat(client.append("main", g, List.of(new Delete(8)), OptionalLong.of(4))).isEqualTo(5);

    Page<Entry> page = client.read("main", g, 0, 4);
    List<Entry> expected = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      expected.add(new Entry(i + 1, List.of(batch.get(i))));
    }
    assertThat(page.items()).usingRecursiveComparison().isEqualTo(expected);
    assertThat(page.retryAfterMs()).isZero();
    assertThat(client.read("main", g, 4, 10))
        .isEqualTo(new Page<>(List.of(new Entry(5, List.of(new Delete(8)))), 1000));
    assertThat(client.read("main", g + 1, 0, 10).items()).isEmpty();
    assertThat(client.openCorpus("main", g + 1)).isEmpty();
  }

  @Test
  void corpusStreamCarriesTheFoldedLineage() throws Exception {
    long g = client.createIndex("main");
    assertThat(client.openCorpus("main", g)).isEmpty(); // nothing to seed from yet
    List<Change> changes = new ArrayList<>();
    for (int id = 1; id <= 2500; id++) {
      changes.add(new Insert(id, new int[] {id, -id}));
    }
    changes.add(new Delete(3));
    changes.add(new Insert(4, new int[] {44}));
    changes.add(new SetMetadata("rev", "7"));
    long last = client.append("main", g, changes, OptionalLong.empty());
    client.truncate("main", g, last); // the log is gone, the corpus is not
    try (CorpusStream corpus = client.openCorpus("main", g).orElseThrow()) {
      assertThat(corpus.position()).isEqualTo(last);
      java.util.Map<Integer, int[]> documents = new java.util.HashMap<>();
      java.util.Map<String, String> metadata = new java.util.HashMap<>();
      int batches = 0;
      for (List<Change> batch = corpus.nextBatch(); batch != null; batch = corpus.nextBatch()) {
        batches++;
        for (Change change : batch) {
          switch (change) {
            case Insert insert -> assertThat(documents.put(insert.id(), insert.hashes())).isNull();
            case SetMetadata set -> metadata.put(set.key(), set.value());
            case Delete delete -> throw new AssertionError("a corpus holds no deletes: " + delete);
          }
        }
      }
      assertThat(batches).isEqualTo(3);
      assertThat(documents).hasSize(2499).doesNotContainKey(3);
      assertThat(documents.get(4)).containsExactly(44);
      assertThat(documents.get(2500)).containsExactly(2500, -2500);
      assertThat(metadata).containsExactly(java.util.Map.entry("rev", "7"));
    }
  }

  @Test
  void conflictsAndMissingLineagesMapToTheirExceptions() throws Exception {
    long g = client.createIndex("main");
    client.append("main", g, List.of(new Delete(1), new Delete(2)), OptionalLong.empty());
    assertThatThrownBy(() -> client.append("main", g, List.of(new Delete(3)), OptionalLong.of(1)))
        .isInstanceOfSatisfying(
            VersionMismatchException.class, e -> assertThat(e.expected()).isEqualTo(1));
    assertThatThrownBy(() -> client.append("other", 1, List.of(), OptionalLong.empty()))
        .isInstanceOf(IndexNotFoundException.class);
    assertThatThrownBy(() -> client.append("main", g + 1, List.of(), OptionalLong.empty()))
        .isInstanceOf(IndexNotFoundException.class);

    client.truncate("main", g, 2);
    assertThatThrownBy(() -> client.read("main", g, 1, 10))
        .isInstanceOf(BelowRetentionException.class)
        .hasMessageContaining("410");
    assertThat(client.read("main", g, 2, 10).items()).isEmpty();
    assertThat(client.append("main", g, List.of(new Delete(3)), OptionalLong.of(2))).isEqualTo(3);

    // 400 (floor above the last position) and 404 outside an append are coordinator errors
    assertThatThrownBy(() -> client.truncate("main", g, 9))
        .isExactlyInstanceOf(ChangelogException.class)
        .hasMessageContaining("400")
        .hasMessageContaining("BadRequest");
    assertThatThrownBy(() -> client.truncate("gone", 1, 0))
        .isExactlyInstanceOf(ChangelogException.class)
        .hasMessageContaining("404 IndexNotFound");
    assertThatThrownBy(() -> client.createIndex("no/slashes"))
        .isInstanceOf(InvalidIndexNameException.class);
  }

  @Test
  void unreachableCoordinatorIsAChangelogException() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (CoordinatorClient dead = new CoordinatorClient(URI.create("http://127.0.0.1:" + port))) {
      assertThatThrownBy(() -> dead.readMeta(0, 1)).isExactlyInstanceOf(ChangelogException.class);
      assertThatThrownBy(() -> dead.openCorpus("a", 1))
          .isExactlyInstanceOf(ChangelogException.class);
    }
  }

  @Test
  void otherStatusesAndMalformedAnswersAreChangelogExceptions() throws Exception {
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/_changelog/ro/", exchange -> answer(exchange, 403, "FeedIsReadOnly"));
    fake.createContext("/_index/boom", exchange -> answer(exchange, 500, "OutOfMemory"));
    fake.createContext("/_index/weird", exchange -> answer(exchange, 200, "not msgpack"));
    fake.createContext("/_meta", exchange -> answer(exchange, 200, new byte[] {(byte) 0x81}));
    fake.createContext("/_bootstrap/", exchange -> answer(exchange, 503, "Busy"));
    fake.start();
    try (CoordinatorClient remote =
        new CoordinatorClient(URI.create("http://127.0.0.1:" + fake.getAddress().getPort()))) {
      assertThatThrownBy(() -> remote.append("ro", 1, List.of(), OptionalLong.empty()))
          .isInstanceOf(FeedReadOnlyException.class);
      assertThatThrownBy(() -> remote.createIndex("boom"))
          .isExactlyInstanceOf(ChangelogException.class)
          .hasMessageContaining("500 OutOfMemory");
      assertThatThrownBy(() -> remote.createIndex("weird"))
          .isExactlyInstanceOf(ChangelogException.class)
          .hasMessageContaining("malformed");
      assertThatThrownBy(() -> remote.readMeta(0, 1))
          .isExactlyInstanceOf(ChangelogException.class)
          .hasMessageContaining("malformed");
      assertThatThrownBy(() -> remote.openCorpus("x", 1))
          .isExactlyInstanceOf(ChangelogException.class)
          .hasMessageContaining("503 Busy");
    } finally {
      fake.stop(0);
    }
  }

  static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String text)
      throws IOException {
    answer(exchange, status, text.getBytes(StandardCharsets.UTF_8));
  }

  static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
