package org.acoustid.server.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.fpindex.server.FpIndexServer;
import org.acoustid.fpindex.server.ServerOptions;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sharded HTTP index client against two real fpindex-server nodes. */
@Seeded
class RemoteIndexClientTest {
  @TempDir Path tmp;
  final List<FpIndexServer> nodes = new ArrayList<>();

  @BeforeEach
  void startNodes() throws Exception {
    for (int i = 0; i < 2; i++) {
      nodes.add(
          FpIndexServer.start(
              ServerOptions.parse(
                  "--dir",
                  tmp.resolve("node" + i).toString(),
                  "--host",
                  "127.0.0.1",
                  "--port",
                  "0")));
    }
  }

  @AfterEach
  void stopNodes() {
    nodes.forEach(FpIndexServer::close);
  }

  String url(int node) {
    return "http://127.0.0.1:" + nodes.get(node).httpPort();
  }

  long numDocs(int node) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url(node) + "/main")).build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body()).path("stats").path("num_docs").asLong();
  }

  static int[] terms(Random random) {
    int[] t = new int[120];
    for (int i = 0; i < t.length; i++) {
      t[i] = random.nextInt() & 0xFFFF_FFF0; // both signs: unsigned on the wire
    }
    return t;
  }

  @Test
  void shardsIdsAndMergesSearches(Random random) throws Exception {
    List<FingerprintIndex.Entry> entries = new ArrayList<>();
    for (int id = 1; id <= 400; id++) {
      entries.add(new FingerprintIndex.Entry(id, terms(random)));
    }
    try (RemoteIndexClient client =
        RemoteIndexClient.connect(List.of(url(0), url(1)), "main", Duration.ofSeconds(2))) {
      assertThat(client.changelogPosition()).isZero();
      client.apply(entries.subList(0, 200), 17);
      client.apply(entries.subList(200, 400), 42);
      assertThat(client.changelogPosition()).isEqualTo(42);
      long first = numDocs(0);
      long second = numDocs(1);
      assertThat(first + second).isEqualTo(400);
      assertThat(Math.min(first, second)).as("both shards hold a fair part").isGreaterThan(120);

      for (int id : new int[] {1, 123, 400}) {
        List<SearchHit> hits = client.search(entries.get(id - 1).terms(), 10);
        assertThat(hits.get(0)).isEqualTo(new SearchHit(id, 120));
      }
      // a query sharing terms with documents on both shards gets them merged, best first
      int[] mixed = new int[60];
      System.arraycopy(entries.get(4).terms(), 0, mixed, 0, 40);
      System.arraycopy(entries.get(300).terms(), 0, mixed, 40, 20);
      assertThat(client.search(mixed, 10)).startsWith(new SearchHit(5, 40), new SearchHit(301, 20));
      assertThat(client.partialSearches()).isZero();
    }
    try (RemoteIndexClient again =
        RemoteIndexClient.connect(List.of(url(0), url(1)), "main", Duration.ofSeconds(2))) {
      assertThat(again.changelogPosition()).as("kept by the nodes").isEqualTo(42);
    }
  }

  @Test
  void aShardThatDoesNotAnswerMakesSearchesPartialNotFailed(Random random) throws Exception {
    int[] doc = terms(random);
    try (RemoteIndexClient healthy =
        RemoteIndexClient.connect(List.of(url(0)), "main", Duration.ofSeconds(2))) {
      healthy.apply(List.of(new FingerprintIndex.Entry(9, doc)), 1);
    }
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  while (true) {
                    accepted.add(blackHole.accept()); // never answers
                  }
                } catch (Exception e) {
                  // closed by the test
                }
              });
      // the black hole cannot answer connect()'s create call, so name the shards directly
      RemoteIndexClient client =
          RemoteIndexClient.forTesting(
              List.of(
                  URI.create(url(0) + "/main"),
                  URI.create("http://127.0.0.1:" + blackHole.getLocalPort() + "/main")),
              Duration.ofMillis(300));
      try {
        assertThat(client.search(doc, 5)).containsExactly(new SearchHit(9, 120));
        assertThat(client.partialSearches()).isEqualTo(1);
      } finally {
        client.close();
        blackHole.close();
        acceptor.join();
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }
}
