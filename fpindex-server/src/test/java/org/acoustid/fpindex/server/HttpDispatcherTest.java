package org.acoustid.fpindex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.server.cluster.MemoryChangelog;
import org.acoustid.fpindex.server.cluster.PeerBootstrap;
import org.acoustid.fpindex.server.cluster.Replica;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The dispatcher on an {@link EmbeddedChannel} over an in-memory registry: routing, negotiation,
 * the order of checks and error bodies, with paranoid leak detection.
 */
class HttpDispatcherTest {
  private IndexRegistry registry;
  private EmbeddedChannel channel;

  @BeforeAll
  static void paranoidLeakDetection() {
    System.setProperty("io.netty.leakDetection.level", "paranoid");
  }

  @BeforeEach
  void setUp() {
    registry = IndexRegistry.inMemory(FpIndexConfig.builder().build());
    ServerContext context = new ServerContext(registry, new ServerMetrics());
    channel = new EmbeddedChannel(new HttpDispatcher(context, Runnable::run));
  }

  @AfterEach
  void tearDown() throws Exception {
    assertFalse(channel.finishAndReleaseAll());
    registry.close();
  }

  private record Reply(int status, String contentType, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private Reply send(String method, String uri, String contentType, String accept, byte[] body) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri, Unpooled.wrappedBuffer(body));
    if (contentType != null) {
      request.headers().set("Content-Type", contentType);
    }
    if (accept != null) {
      request.headers().set("Accept", accept);
    }
    channel.writeInbound(request);
    FullHttpResponse response = channel.readOutbound();
    try {
      byte[] bytes = new byte[response.content().readableBytes()];
      response.content().readBytes(bytes);
      return new Reply(response.status().code(), response.headers().get("Content-Type"), bytes);
    } finally {
      response.release();
    }
  }

  private Reply json(String method, String uri, String body) {
    return send(method, uri, "application/json", null, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aReplicaThatIsLoadingAnswers503AndRefusesGenerations(@TempDir Path tmp) throws Exception {
    MemoryChangelog feed = new MemoryChangelog();
    long generation = feed.createIndex("t1");
    FpIndexConfig config = FpIndexConfig.builder().build();
    // the node applied position 1 before it stopped; the feed then dropped everything up to 3
    try (IndexRegistry node = IndexRegistry.open(tmp, config)) {
      node.create("t1", false, OptionalLong.of(generation))
          .index()
          .updateAt(List.of(new Insert(1, new int[] {1, 2, 3})), 1);
    }
    feed.append("t1", generation, List.of(new Delete(1), new Delete(2)), OptionalLong.empty());
    feed.append("t1", generation, List.of(new Delete(3)), OptionalLong.empty());
    feed.truncate("t1", generation, 3);
    try (IndexRegistry node = IndexRegistry.open(tmp, config);
        Replica replica =
            new Replica(node, feed, new PeerBootstrap(node, List.of(), Duration.ZERO)).start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (replica.loading("t1") == false && System.nanoTime() < deadline) {
        Thread.sleep(5); // until the follower met the truncated feed
      }
      assertTrue(replica.loading("t1"));
      assertFalse(channel.finishAndReleaseAll());
      channel =
          new EmbeddedChannel(
              new HttpDispatcher(
                  new ServerContext(node, new ServerMetrics(), replica), Runnable::run));
      Reply health = send("GET", "/t1/_health", null, null, new byte[0]);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.text()).isEqualTo("LOADING\n");
      assertThat(send("GET", "/_health", null, null, new byte[0]).status()).isEqualTo(200);
      Reply search = json("POST", "/t1/_search", "{\"query\":[1,2,3]}");
      assertThat(search.status()).isEqualTo(503);
      assertThat(search.text()).isEqualTo("{\"error\":\"IndexNotReady\"}");
      assertThat(json("PUT", "/t2", "{\"generation\":7}").text())
          .isEqualTo("{\"error\":\"GenerationNotAllowed\"}");
      assertThat(json("GET", "/t1/1", "").text()).isEqualTo("{\"version\":1}");
    }
  }

  @Test
  void createWriteSearchAndInfoInJson() {
    assertThat(json("PUT", "/t1", "").text())
        .isEqualTo("{\"version\":0,\"ready\":true,\"generation\":1}");
    assertThat(
            json(
                    "POST",
                    "/t1/_update",
                    "{\"changes\":[{\"insert\":{\"id\":1001,\"hashes\":[11000,12000,13000]}},"
                        + "{\"insert\":{\"id\":1002,\"hashes\":[11000,12000,19000]}}],\"metadata\":{\"foo\":\"1234\"}}")
                .text())
        .isEqualTo("{\"version\":1}");
    Reply search = json("POST", "/t1/_search", "{\"query\":[11000,12000,13000]}");
    assertThat(search.status()).isEqualTo(200);
    assertThat(search.contentType()).isEqualTo("application/json; charset=UTF-8");
    assertThat(search.text())
        .isEqualTo("{\"results\":[{\"id\":1001,\"score\":3},{\"id\":1002,\"score\":2}]}");
    assertThat(json("GET", "/t1", "").text())
        .isEqualTo(
            "{\"version\":1,\"metadata\":{\"foo\":\"1234\"},\"stats\":{\"min_doc_id\":1001,"
                + "\"max_doc_id\":1002,\"num_segments\":1,\"num_docs\":2}}");
    assertThat(json("GET", "/t1/1002", "").text()).isEqualTo("{\"version\":1}");
  }

  @Test
  void rawMsgpackWithoutHeadersIsAnsweredInMsgpackWithOneLetterKeys() throws IOException {
    json("PUT", "/t1", "");
    MessageBufferPacker put = MessagePack.newDefaultBufferPacker();
    put.packMapHeader(1).packString("hashes").packArrayHeader(3).packInt(1).packInt(2).packInt(3);
    Reply reply = send("PUT", "/t1/1", null, null, put.toByteArray());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("application/vnd.msgpack");
    assertThat(reply.body()).containsExactly(0x80);

    MessageBufferPacker query = MessagePack.newDefaultBufferPacker();
    query.packMapHeader(1).packString("query").packArrayHeader(3).packInt(1).packInt(2).packInt(3);
    Reply search = send("POST", "/t1/_search", null, null, query.toByteArray());
    MessageBufferPacker expected = MessagePack.newDefaultBufferPacker();
    expected.packMapHeader(1).packString("r").packArrayHeader(1);
    expected.packMapHeader(2).packString("i").packInt(1).packString("s").packInt(3);
    assertThat(search.body()).containsExactly(expected.toByteArray());

    Reply asJson = send("POST", "/t1/_search", null, "application/json", query.toByteArray());
    assertThat(asJson.text()).isEqualTo("{\"results\":[{\"id\":1,\"score\":3}]}");
  }

  @Test
  void checksRunInTheSpecifiedOrder() {
    // bad :id beats unknown index
    assertThat(json("GET", "/nosuch/abc", "").text()).isEqualTo("{\"error\":\"BadRequest\"}");
    assertThat(json("GET", "/nosuch/1", "").text()).isEqualTo("{\"error\":\"IndexNotFound\"}");
    // content type beats body and index
    Reply unsupported = send("POST", "/nosuch/_search", "invalid/type", null, "{}".getBytes());
    assertThat(unsupported.status()).isEqualTo(415);
    assertThat(unsupported.text()).isEqualTo("{\"error\":\"UnsupportedMediaType\"}");
    // body decoding beats index lookup
    assertThat(json("POST", "/nosuch/_search", "{\"query\":").status()).isEqualTo(400);
    // id 0 beats index lookup
    Reply zero = json("POST", "/nosuch/_update", "{\"changes\":[{\"delete\":{\"id\":0}}]}");
    assertThat(zero.text()).isEqualTo("{\"error\":\"InvalidFingerprintId\"}");
    assertThat(json("POST", "/nosuch/_update", "{\"changes\":[]}").text())
        .isEqualTo("{\"error\":\"IndexNotFound\"}");
    // no route
    Reply none = json("POST", "/a/b/c", "");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.text()).isEqualTo("{\"error\":\"NotFound\"}");
    // invalid names on create only
    assertThat(json("PUT", "/bad.name", "").text()).isEqualTo("{\"error\":\"InvalidIndexName\"}");
    assertThat(json("GET", "/bad.name", "").text()).isEqualTo("{\"error\":\"IndexNotFound\"}");
  }

  @Test
  void badMsgpackGetsAMsgpackErrorBody() {
    Reply reply = send("POST", "/t1/_search", null, null, new byte[] {(byte) 0xc1, 0x00});
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).isEqualTo("application/vnd.msgpack");
    // {"e": "BadRequest"}
    assertThat(reply.body()[0]).isEqualTo((byte) 0x81);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("BadRequest");
  }

  @Test
  void writesRejectIdZeroAndStaleVersions() {
    json("PUT", "/t1", "");
    assertThat(json("PUT", "/t1/0", "{\"hashes\":[1]}").text())
        .isEqualTo("{\"error\":\"InvalidFingerprintId\"}");
    assertThat(json("GET", "/t1/0", "").text()).isEqualTo("{\"error\":\"FingerprintNotFound\"}");
    assertThat(json("POST", "/t1/_update", "{\"changes\":[],\"expected_version\":0}").text())
        .isEqualTo("{\"version\":1}");
    Reply stale = json("POST", "/t1/_update", "{\"changes\":[],\"expected_version\":0}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.text()).isEqualTo("{\"error\":\"VersionMismatch\"}");
    assertThat(json("GET", "/t1", "").text()).startsWith("{\"version\":1,");
  }

  @Test
  void headAnswersCarryNoBody() {
    Reply missing = send("HEAD", "/t1", null, null, new byte[0]);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEmpty();
    json("PUT", "/t1", "");
    assertThat(send("HEAD", "/t1", null, null, new byte[0]).status()).isEqualTo(200);
    assertThat(send("HEAD", "/t1/5", null, null, new byte[0]).status()).isEqualTo(404);
  }

  @Test
  void deleteReportsWhetherTheIndexExistedAndRecreateStartsANewGeneration() {
    json("PUT", "/t1", "");
    json("PUT", "/t1/7", "{\"hashes\":[1,2,3]}");
    assertThat(json("DELETE", "/t1", "").text()).isEqualTo("{\"deleted\":true}");
    assertThat(json("DELETE", "/t1", "").text()).isEqualTo("{\"deleted\":false}");
    assertThat(json("DELETE", "/t1", "{\"expect_exists\":true}").status()).isEqualTo(404);
    assertThat(json("PUT", "/t1", "").text())
        .isEqualTo("{\"version\":0,\"ready\":true,\"generation\":2}");
    assertThat(json("POST", "/t1/_search", "{\"query\":[1,2,3]}").text())
        .isEqualTo("{\"results\":[]}");
    assertThat(json("PUT", "/t1", "{\"expect_does_not_exist\":true}").text())
        .isEqualTo("{\"error\":\"IndexAlreadyExists\"}");
  }

  @Test
  void healthAndMetricsAreText() throws Exception {
    Reply health = json("GET", "/_health", "");
    assertThat(health.text()).isEqualTo("OK\n");
    assertThat(json("GET", "/t9/_health", "").status()).isEqualTo(404);
    json("PUT", "/t9", "");
    json("POST", "/t9/_search", "{\"query\":[1]}");
    json("PUT", "/t9/3", "{\"hashes\":[1]}");
    registry.get("t9").orElseThrow().checkpoint();
    Reply metrics = json("GET", "/_metrics", "");
    assertThat(metrics.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.text())
        .contains("# TYPE fpindex_searches_total counter")
        .contains("fpindex_searches_total{index=\"t9\"} 1")
        .contains("fpindex_search_misses_total{index=\"t9\"} 1")
        .contains("# TYPE fpindex_scanned_blocks_per_hash histogram")
        .contains("fpindex_checkpoints_total 1")
        .contains("fpindex_docs{index=\"t9\"} 1")
        .contains("fpindex_version{index=\"t9\"} 1");
  }
}
