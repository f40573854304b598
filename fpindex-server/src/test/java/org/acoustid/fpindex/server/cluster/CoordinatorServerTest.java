package org.acoustid.fpindex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The coordinator protocol on the wire (spec §11.4), spoken with hand-built MessagePack so the
 * server is checked independently of {@link CoordinatorClient}: every route's exact answer, the
 * error statuses and names, and bad input answering 400 without changing any feed.
 */
class CoordinatorServerTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private CoordinatorServer server;

  @BeforeAll
  static void paranoidLeakDetection() {
    System.setProperty("io.netty.leakDetection.level", "paranoid");
  }

  @BeforeEach
  void start() throws Exception {
    server = CoordinatorServer.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Reply(int status, String contentType, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The MessagePack body as compact JSON, for exact comparisons. */
    String json() throws IOException {
      assertThat(contentType).isEqualTo("application/vnd.msgpack");
      try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(body)) {
        String json = unpacker.unpackValue().toJson();
        assertThat(unpacker.hasNext()).isFalse();
        return json;
      }
    }
  }

  private Reply send(String method, String path, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(
        response.statusCode(),
        response.headers().firstValue("content-type").orElse(""),
        response.body());
  }

  private Reply get(String path) throws Exception {
    return send("GET", path, null);
  }

  /** {@code {c: [changes...]}} plus {@code e} when expected >= 0; changes are pre-packed maps. */
  private static byte[] appendBody(long expected, Packing... changes) throws IOException {
    MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    packer.packMapHeader(expected >= 0 ? 2 : 1).packString("c").packArrayHeader(changes.length);
    for (Packing change : changes) {
      change.packInto(packer);
    }
    if (expected >= 0) {
      packer.packString("e").packLong(expected);
    }
    return packer.toByteArray();
  }

  private interface Packing {
    void packInto(MessageBufferPacker packer) throws IOException;
  }

  private static Packing insert(int id, int... hashes) {
    return p -> {
      p.packMapHeader(1).packString("i").packMapHeader(2);
      p.packString("i").packInt(id).packString("h").packArrayHeader(hashes.length);
      for (int hash : hashes) {
        p.packInt(hash);
      }
    };
  }

  private static Packing delete(int id) {
    return p -> p.packMapHeader(1).packString("d").packMapHeader(1).packString("i").packInt(id);
  }

  private static Packing setMetadata(String key, String value) {
    return p ->
        p.packMapHeader(1)
            .packString("s")
            .packMapHeader(1)
            .packString("e")
            .packArrayHeader(1)
            .packMapHeader(2)
            .packString("k")
            .packString(key)
            .packString("v")
            .packString(value);
  }

  @Test
  void healthAnswersPlainOk() throws Exception {
    Reply reply = get("/_health");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("OK\n");
    assertThat(get("//_health/").status()).isEqualTo(200);
  }

  @Test
  void everyRouteAnswersItsDocumentedShape() throws Exception {
    assertThat(send("PUT", "/_index/a", null).json()).isEqualTo("{\"g\":1}");
    assertThat(send("PUT", "/_index/a", null).json()).isEqualTo("{\"g\":1}");
    Reply appended =
        send(
            "POST",
            "/_changelog/a/1",
            appendBody(-1, insert(1, 10, 11), delete(2), setMetadata("foo", "bar")));
    assertThat(appended.json()).isEqualTo("{\"i\":3}");
    assertThat(send("POST", "/_changelog/a/1", appendBody(3)).json()).isEqualTo("{\"i\":3}");

    assertThat(get("/_changelog/a/1?after=0&max=2").json())
        .isEqualTo(
            "{\"e\":[{\"i\":1,\"c\":{\"i\":{\"i\":1,\"h\":[10,11]}}},"
                + "{\"i\":2,\"c\":{\"d\":{\"i\":2}}}],\"r\":0}");
    assertThat(get("/_changelog/a/1?after=2&timeout_ms=50").json())
        .isEqualTo(
            "{\"e\":[{\"i\":3,\"c\":{\"s\":{\"e\":[{\"k\":\"foo\",\"v\":\"bar\"}]}}}],\"r\":1000}");
    assertThat(get("/_changelog/nope/7?after=0").json()).isEqualTo("{\"e\":[],\"r\":1000}");
    assertThat(get("/_meta").json())
        .isEqualTo("{\"o\":[{\"p\":1,\"k\":0,\"i\":\"a\"}],\"r\":1000}");

    assertThat(send("POST", "/_truncate/a/1?floor=1", null).json()).isEqualTo("{}");
    assertThat(get("/_changelog/a/1?after=1").json()).startsWith("{\"e\":[{\"i\":2,");

    Reply bootstrap = get("/_bootstrap/a/1");
    assertThat(bootstrap.status()).isEqualTo(200);
    assertThat(bootstrap.contentType()).isEqualTo("application/vnd.msgpack");
    try (MessageUnpacker stream = MessagePack.newDefaultUnpacker(bootstrap.body())) {
      assertThat(stream.unpackValue().toJson()).isEqualTo("{\"p\":3}");
      assertThat(stream.unpackValue().toJson())
          .isEqualTo(
              "[{\"i\":{\"i\":1,\"h\":[10,11]}},{\"s\":{\"e\":[{\"k\":\"foo\",\"v\":\"bar\"}]}}]");
      assertThat(stream.unpackValue().toJson()).isEqualTo("[]");
      assertThat(stream.hasNext()).isFalse();
    }
    Reply noCorpus = get("/_bootstrap/nope/1");
    assertThat(noCorpus.status()).isEqualTo(404);
    assertThat(noCorpus.contentType()).startsWith("text/plain");

    assertThat(send("DELETE", "/_index/a", null).json()).isEqualTo("{\"p\":2}");
    assertThat(send("DELETE", "/_index/a", null).json()).isEqualTo("{\"p\":2}");
    assertThat(get("/_meta?after=1&max=1").json())
        .isEqualTo("{\"o\":[{\"p\":2,\"k\":1,\"i\":\"a\"}],\"r\":0}");
  }

  @Test
  void aLongPollAnswersWithTheNextEntryOrTellsTheClientToAskAgain() throws Exception {
    long generation = server.changelog().createIndex("lp");
    server.changelog().append("lp", generation, List.of(new Delete(1)), OptionalLong.empty());
    // nothing above 1 arrives within the wait: an empty page with r = 0 (already waited)
    assertThat(get("/_changelog/lp/" + generation + "?after=1&timeout_ms=20").json())
        .isEqualTo("{\"e\":[],\"r\":0}");
    assertThat(get("/_meta?after=" + generation + "&timeout_ms=20").json())
        .isEqualTo("{\"o\":[],\"r\":0}");
    // without timeout_ms the upstream answer: at once, r = 1000
    assertThat(get("/_changelog/lp/" + generation + "?after=1").json())
        .isEqualTo("{\"e\":[],\"r\":1000}");
    var waiting =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return get("/_changelog/lp/" + generation + "?after=1&timeout_ms=30000").json();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    server.changelog().append("lp", generation, List.of(new Delete(2)), OptionalLong.empty());
    assertThat(waiting.get()).isEqualTo("{\"e\":[{\"i\":2,\"c\":{\"d\":{\"i\":2}}}],\"r\":1000}");
  }

  @Test
  void errorsArePlainTextNamesWithTheirStatus() throws Exception {
    send("PUT", "/_index/a", null);
    send("POST", "/_changelog/a/1", appendBody(-1, delete(1), delete(2)));
    assertError(send("POST", "/_changelog/a/1", appendBody(0, delete(3))), 409, "VersionMismatch");
    assertError(send("POST", "/_changelog/a/9", appendBody(-1, delete(3))), 404, "IndexNotFound");
    assertError(send("POST", "/_changelog/b/1", appendBody(-1)), 404, "IndexNotFound");
    send("POST", "/_truncate/a/1?floor=2", null);
    assertError(get("/_changelog/a/1?after=1"), 410, "BelowRetention");
    assertError(send("POST", "/_truncate/b/1?floor=0", null), 404, "IndexNotFound");
    assertError(send("PUT", "/_index/no.dots", null), 400, "InvalidIndexName");
    assertError(get("/_changelog/a/1/extra"), 404, "NotFound");
    assertError(send("PUT", "/_meta", null), 404, "NotFound");
    assertError(get("/a"), 404, "NotFound");
  }

  @Test
  void pageSizeDefaultsTo256AndIsCappedAt1024() throws Exception {
    Changelog feeds = server.changelog();
    long g = feeds.createIndex("big");
    List<Change> changes = new ArrayList<>();
    for (int i = 1; i <= 1100; i++) {
      changes.add(new Delete(i));
    }
    feeds.append("big", g, changes, OptionalLong.empty());
    assertThat(entries(get("/_changelog/big/" + g))).isEqualTo(256);
    assertThat(entries(get("/_changelog/big/" + g + "?max=100000000000"))).isEqualTo(1024);
    assertThat(entries(get("/_changelog/big/" + g + "?after=1000&max=1024"))).isEqualTo(100);
  }

  private static int entries(Reply reply) throws IOException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(reply.body())) {
      return unpacker
          .unpackValue()
          .asMapValue()
          .map()
          .values()
          .iterator()
          .next()
          .asArrayValue()
          .size();
    }
  }

  @Test
  void badInputAnswers400AndChangesNothing() throws Exception {
    send("PUT", "/_index/a", null);
    send("POST", "/_changelog/a/1", appendBody(-1, delete(1)));
    String feedBefore = get("/_changelog/a/1?after=0").json();
    String metaBefore = get("/_meta").json();

    byte[] truncated = appendBody(-1, insert(5, 1, 2, 3));
    truncated = java.util.Arrays.copyOf(truncated, truncated.length - 2);
    MessageBufferPacker wrongType = MessagePack.newDefaultBufferPacker();
    wrongType.packMapHeader(1).packString("c").packString("not an array");
    MessageBufferPacker unknownKey = MessagePack.newDefaultBufferPacker();
    unknownKey.packMapHeader(2).packString("c").packArrayHeader(0).packString("x").packInt(1);
    MessageBufferPacker negativeExpected = MessagePack.newDefaultBufferPacker();
    negativeExpected.packMapHeader(2).packString("c").packArrayHeader(0);
    negativeExpected.packString("e").packInt(-1);
    List<byte[]> badBodies =
        List.of(
            new byte[] {(byte) 0xc1},
            new byte[0],
            truncated,
            wrongType.toByteArray(),
            unknownKey.toByteArray(),
            negativeExpected.toByteArray(),
            appendBody(-1, delete(7), insert(0, 1)),
            appendBody(-1, p -> p.packMapHeader(1).packString("q").packInt(1)));
    for (byte[] body : badBodies) {
      Reply reply = send("POST", "/_changelog/a/1", body);
      assertThat(reply.status())
          .as("body %s", java.util.HexFormat.of().formatHex(body))
          .isEqualTo(400);
      assertThat(reply.contentType()).startsWith("text/plain");
    }
    for (String path :
        List.of("/_changelog/a/x", "/_changelog/a/-1", "/_changelog/a/99999999999999999999")) {
      assertThat(send("POST", path, appendBody(-1, delete(9))).status()).as(path).isEqualTo(400);
    }
    for (String path :
        List.of(
            "/_changelog/a/1?after=abc",
            "/_changelog/a/1?after=-1",
            "/_changelog/a/1?after=1.5",
            "/_changelog/a/1?max=0",
            "/_changelog/a/1?max=x",
            "/_changelog/bad.name/1",
            "/_meta?after=x",
            "/_meta?max=-3")) {
      assertThat(get(path).status()).as(path).isEqualTo(400);
    }
    assertThat(send("POST", "/_truncate/a/1", null).status()).isEqualTo(400);
    assertThat(send("POST", "/_truncate/a/1?floor=5", null).status()).isEqualTo(400);
    assertThat(send("POST", "/_truncate/a/x?floor=1", null).status()).isEqualTo(400);

    assertThat(get("/_changelog/a/1?after=0").json()).isEqualTo(feedBefore);
    assertThat(get("/_meta").json()).isEqualTo(metaBefore);
  }

  private static void assertError(Reply reply, int status, String name) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("text/plain");
    assertThat(reply.text()).isEqualTo(name);
  }
}
