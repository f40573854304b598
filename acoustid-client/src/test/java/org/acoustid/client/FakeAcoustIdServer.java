package org.acoustid.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.zip.GZIPInputStream;

/**
 * A scripted HTTP endpoint on an ephemeral loopback port that answers queued (status, body) pairs
 * and records every request's decoded form fields, so tests can check what the client sends and how
 * it reacts to recorded service answers.
 */
final class FakeAcoustIdServer implements AutoCloseable {
  record Answer(int status, String body) {}

  record Request(String path, Map<String, List<String>> form, boolean gzipped) {
    String first(String name) {
      List<String> values = form.get(name);
      return values == null ? null : values.get(0);
    }
  }

  private final HttpServer server;
  private final Deque<Answer> answers = new ConcurrentLinkedDeque<>();
  final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());

  FakeAcoustIdServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          boolean gzipped =
              "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"));
          byte[] raw;
          try (InputStream in =
              gzipped
                  ? new GZIPInputStream(exchange.getRequestBody())
                  : exchange.getRequestBody()) {
            raw = in.readAllBytes();
          }
          requests.add(
              new Request(
                  exchange.getRequestURI().getPath(),
                  decode(new String(raw, StandardCharsets.US_ASCII)),
                  gzipped));
          Answer answer = answers.poll();
          if (answer == null) {
            answer =
                new Answer(
                    500,
                    "{\"status\": \"error\", \"error\": {\"code\": 5, \"message\": \"no scripted answer\"}}");
          }
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
          exchange.sendResponseHeaders(answer.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  FakeAcoustIdServer answer(int status, String body) {
    answers.add(new Answer(status, body));
    return this;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/";
  }

  ClientOptions.Builder options() {
    return ClientOptions.builder()
        .baseUrl(baseUrl())
        .apiKey("app-key")
        .userKey("user-key")
        .requestsPerSecond(0)
        .initialBackoff(java.time.Duration.ofMillis(1));
  }

  static Map<String, List<String>> decode(String form) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (form.isEmpty()) {
      return out;
    }
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
