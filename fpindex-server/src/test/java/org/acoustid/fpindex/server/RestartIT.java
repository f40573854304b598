package org.acoustid.fpindex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged writes survive SIGTERM and SIGKILL restarts and are served once /_health answers.
 */
class RestartIT {
  @TempDir Path tmp;
  final HttpClient http = HttpClient.newHttpClient();

  String json(ServerProcess server, String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri(path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  void hundredUpdatesThenRestart(boolean kill) throws Exception {
    try (ServerProcess server = new ServerProcess(tmp.resolve("data"), false)) {
      server.start();
      json(server, "PUT", "/main", "");
      for (int i = 1; i <= 100; i++) {
        String body = "{\"hashes\":[" + (i * 10) + "," + (i * 10 + 1) + "," + (i * 10 + 2) + "]}";
        assertThat(json(server, "PUT", "/main/1", body)).isEqualTo("{}");
      }
      if (kill) {
        server.kill();
      } else {
        assertThat(server.terminate()).isZero();
      }
      server.start();
      assertThat(json(server, "POST", "/main/_search", "{\"query\":[1000,1001,1002]}"))
          .isEqualTo("{\"results\":[{\"id\":1,\"score\":3}]}");
      assertThat(json(server, "POST", "/main/_search", "{\"query\":[990,991,992]}"))
          .isEqualTo("{\"results\":[]}");
      assertThat(json(server, "GET", "/main/1", "")).isEqualTo("{\"version\":100}");
      assertThat(json(server, "GET", "/main", "")).startsWith("{\"version\":100,");
    }
  }

  @Test
  void writesSurviveSigterm() throws Exception {
    hundredUpdatesThenRestart(false);
  }

  @Test
  void writesSurviveSigkill() throws Exception {
    hundredUpdatesThenRestart(true);
  }

  @Test
  void badFlagsAreStartupErrors() throws Exception {
    Process p =
        new ProcessBuilder(
                ServerProcess.repositoryRoot().resolve("bin/fpindex").toString(), "--port", "nope")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isEqualTo(2);
    assertThat(out).contains("--port must be a number");
  }
}
