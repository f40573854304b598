package org.acoustid.fpindex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/** End-to-end: {@code bin/fpindex} as a process, every route over real HTTP, both encodings. */
@Seeded
class HttpApiIT {
  @TempDir static Path tmp;
  static ServerProcess server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = new ServerProcess(tmp.resolve("data"), false).start();
  }

  @AfterAll
  static void stop() throws Exception {
    assertThat(server.terminate()).as("exit code after SIGTERM").isZero();
  }

  static HttpResponse<byte[]> call(String method, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri(path))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String json(String method, String path, String body) throws Exception {
    return new String(
        call(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8)).body(),
        StandardCharsets.UTF_8);
  }

  @Test
  void fiftyThousandDocumentsInBatchesFindTheirOwner(Random random) throws Exception {
    json("PUT", "/t50k", "");
    int[][] docs = new int[50_001][];
    for (int batch = 0; batch < 50; batch++) {
      MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
      p.packMapHeader(1).packString("changes").packArrayHeader(1000);
      for (int i = 1; i <= 1000; i++) {
        int id = batch * 1000 + i;
        docs[id] = new int[100];
        p.packMapHeader(1).packString("insert").packMapHeader(2);
        p.packString("id").packInt(id).packString("hashes").packArrayHeader(100);
        for (int h = 0; h < 100; h++) {
          docs[id][h] = random.nextInt(1 << 18);
          p.packInt(docs[id][h]);
        }
      }
      assertThat(
              call("POST", "/t50k/_update", "application/vnd.msgpack", p.toByteArray())
                  .statusCode())
          .isEqualTo(200);
    }
    StringBuilder q = new StringBuilder("{\"query\":[");
    for (int h = 0; h < 100; h++) {
      q.append(h == 0 ? "" : ",").append(docs[100][h]);
    }
    q.append("]}");
    assertThat(json("POST", "/t50k/_search", q.toString()))
        .isEqualTo("{\"results\":[{\"id\":100,\"score\":100}]}");
    assertThat(json("GET", "/t50k", "")).contains("\"num_docs\":50000");
  }

  @Test
  void snapshotStreamsAMsgpackHeaderFollowedByThePayloads() throws Exception {
    json("PUT", "/tsnap", "");
    json("PUT", "/tsnap/1", "{\"hashes\":[1,2,3]}");
    HttpResponse<byte[]> snapshot = call("GET", "/tsnap/_snapshot", null, new byte[0]);
    assertThat(snapshot.statusCode()).isEqualTo(200);
    assertThat(snapshot.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(snapshot.body())) {
      int fields = u.unpackMapHeader();
      long format = -1;
      long generation = -1;
      long payloadBytes = 0;
      for (int i = 0; i < fields; i++) {
        switch (u.unpackString()) {
          case "f" -> format = u.unpackLong();
          case "g" -> generation = u.unpackLong();
          case "s" -> {
            int segments = u.unpackArrayHeader();
            for (int s = 0; s < segments; s++) {
              int entry = u.unpackMapHeader();
              for (int e = 0; e < entry; e++) {
                if (u.unpackString().equals("s")) {
                  payloadBytes += u.unpackLong();
                } else {
                  u.skipValue();
                }
              }
            }
          }
          default -> u.skipValue();
        }
      }
      assertThat(format).isEqualTo(1);
      assertThat(generation).isGreaterThanOrEqualTo(1);
      assertThat(u.getTotalReadBytes() + payloadBytes).isEqualTo(snapshot.body().length);
    }
    assertThat(call("GET", "/nosuch/_snapshot", null, new byte[0]).statusCode()).isEqualTo(404);
  }

  @Test
  void statusReportsNothingCheckpointedAfterOneSmallWrite() throws Exception {
    json("PUT", "/tstatus", "");
    json("PUT", "/tstatus/1", "{\"hashes\":[1,2,3]}");
    String status = json("GET", "/tstatus/_status", "");
    assertThat(status).matches("\\{\"generation\":[1-9][0-9]*,\"version\":1,\"file_version\":0}");
    assertThat(call("GET", "/nope/_status", null, new byte[0]).statusCode()).isEqualTo(404);
  }

  @Test
  void bodiesOverSixteenMebibytesAnswer413AndClose() throws Exception {
    byte[] huge = new byte[16 * 1024 * 1024 + 1];
    HttpResponse<byte[]> r = call("POST", "/t1/_search", "application/json", huge);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"BodyTooBig\"}");
    assertThat(json("GET", "/_health", "")).isEqualTo("OK\n"); // server still serves
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    json("PUT", "/tpipe", "");
    String put =
        "PUT /tpipe/9 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 14\r\n\r\n{\"hashes\":[1]}";
    String get = "GET /tpipe/9 HTTP/1.1\r\nHost: x\r\n\r\n";
    String search =
        "POST /tpipe/_search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Connection: close\r\nContent-Length: 13\r\n\r\n{\"query\":[1]}";
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.uri("/").getPort())) {
      socket.getOutputStream().write((put + get + search).getBytes(StandardCharsets.UTF_8));
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int first = all.indexOf("\r\n\r\n{}");
      int second = all.indexOf("{\"version\":");
      int third = all.indexOf("{\"results\":[{\"id\":9,\"score\":1}]}");
      assertThat(first).as(all).isPositive();
      assertThat(second).as(all).isGreaterThan(first);
      assertThat(third).as(all).isGreaterThan(second);
    }
  }

  @Test
  void metricsCountSearchesPerIndex() throws Exception {
    json("PUT", "/tmetrics", "");
    json("PUT", "/tmetrics/1", "{\"hashes\":[5,6,7]}");
    json("POST", "/tmetrics/_search", "{\"query\":[5,6,7]}");
    json("POST", "/tmetrics/_search", "{\"query\":[8]}");
    String metrics = json("GET", "/_metrics", "");
    assertThat(metrics)
        .contains("fpindex_searches_total{index=\"tmetrics\"} 2")
        .contains("fpindex_search_hits_total{index=\"tmetrics\"} 1")
        .contains("fpindex_search_misses_total{index=\"tmetrics\"} 1")
        .contains("fpindex_docs{index=\"tmetrics\"} 1");
  }
}
