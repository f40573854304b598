package org.acoustid.fpindex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SetMetadata;
import org.acoustid.fpindex.server.api.UpdateRequestBody;
import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * {@link CoordinatorClient#openCorpus} against a scripted HTTP server sending chunked corpus
 * streams: a complete one read batch by batch while the server is still writing, one cut before its
 * terminator (an error, never a shorter corpus), a malformed one, and 404 (no stream).
 */
class CoordinatorCorpusStreamTest {
  private static final List<Change> FIRST =
      List.of(new Insert(1, new int[] {10, -1}), new Delete(2));
  private static final List<Change> SECOND = List.of(new SetMetadata("k", "v"));

  private final CountDownLatch firstBatchRead = new CountDownLatch(1);
  private HttpServer server;
  private CoordinatorClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/_bootstrap/full/7", exchange -> stream(exchange, true, true));
    server.createContext("/_bootstrap/cut/7", exchange -> stream(exchange, false, false));
    server.createContext("/_bootstrap/junk/7", this::junk);
    server.createContext("/_bootstrap/half/7", this::halfBatch);
    server.createContext(
        "/_bootstrap/none/7", exchange -> CoordinatorClientTest.answer(exchange, 404, "NotFound"));
    server.start();
    client = new CoordinatorClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  /**
   * Header and first batch, then (when {@code waitForReader}) nothing more until the client has
   * decoded that batch, which proves it reads incrementally; then the second batch and, when {@code
   * terminate}, the empty array.
   */
  private void stream(HttpExchange exchange, boolean waitForReader, boolean terminate)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.msgpack");
    exchange.sendResponseHeaders(200, 0); // chunked
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(BodyWriter.create(BodyFormat.MSGPACK).beginMap(1).key("p").u64(42).toBytes());
      out.write(batch(FIRST));
      out.flush();
      if (waitForReader && firstBatchRead.await(30, TimeUnit.SECONDS) == false) {
        throw new IOException("the client never read the first batch");
      }
      out.write(batch(SECOND));
      if (terminate) {
        out.write(0x90);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void junk(HttpExchange exchange) throws IOException {
    MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    packer.packMapHeader(1).packString("p").packInt(1).packString("not a batch");
    CoordinatorClientTest.answer(exchange, 200, packer.toByteArray());
  }

  /** A batch announcing three changes of which one arrives. */
  private void halfBatch(HttpExchange exchange) throws IOException {
    BodyWriter out = BodyWriter.create(BodyFormat.MSGPACK).beginMap(1).key("p").u64(3);
    out.beginArray(3);
    UpdateRequestBody.writeChange(out, new Delete(1));
    CoordinatorClientTest.answer(exchange, 200, out.toBytes());
  }

  private static byte[] batch(List<Change> changes) {
    BodyWriter out = BodyWriter.create(BodyFormat.MSGPACK).beginArray(changes.size());
    for (Change change : changes) {
      UpdateRequestBody.writeChange(out, change);
    }
    return out.endArray().toBytes();
  }

  @Test
  void completeStreamIsReadBatchByBatch() throws Exception {
    Optional<CorpusStream> opened = client.openCorpus("full", 7);
    assertThat(opened).isPresent();
    try (CorpusStream corpus = opened.get()) {
      assertThat(corpus.position()).isEqualTo(42);
      assertThat(corpus.nextBatch()).usingRecursiveComparison().isEqualTo(FIRST);
      firstBatchRead.countDown();
      assertThat(corpus.nextBatch()).isEqualTo(SECOND);
      assertThat(corpus.nextBatch()).isNull();
      assertThat(corpus.nextBatch()).isNull();
    }
  }

  @Test
  void streamCutBeforeItsTerminatorIsAnError() throws Exception {
    try (CorpusStream corpus = client.openCorpus("cut", 7).orElseThrow()) {
      assertThat(corpus.nextBatch()).hasSize(2);
      assertThat(corpus.nextBatch()).hasSize(1);
      assertThatThrownBy(corpus::nextBatch)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("terminator");
    }
  }

  @Test
  void streamCutInsideABatchIsAnError() throws Exception {
    try (CorpusStream corpus = client.openCorpus("half", 7).orElseThrow()) {
      assertThatThrownBy(corpus::nextBatch).isInstanceOf(IOException.class);
    }
  }

  @Test
  void malformedStreamIsAnError() throws Exception {
    try (CorpusStream corpus = client.openCorpus("junk", 7).orElseThrow()) {
      assertThat(corpus.position()).isEqualTo(1);
      assertThatThrownBy(corpus::nextBatch).isInstanceOf(IOException.class);
    }
  }

  @Test
  void noStreamIsEmpty() throws Exception {
    assertThat(client.openCorpus("none", 7)).isEmpty();
  }
}
