package org.acoustid.fpindex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The legacy line protocol over TCP against {@code bin/fpindex --legacy-port}. */
class LegacyProtocolIT {
  @TempDir static Path tmp;
  static ServerProcess server;

  @BeforeAll
  static void start() throws Exception {
    server = new ServerProcess(tmp.resolve("data"), true).start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void repliesEndWithCrlfAndSessionsAreIndependent() throws Exception {
    try (Socket a = new Socket("127.0.0.1", server.legacyPort());
        Socket b = new Socket("127.0.0.1", server.legacyPort())) {
      OutputStream outA = a.getOutputStream();
      outA.write(
          "echo hi\r\nbegin\ninsert 1001 11000,12000,13000\ncommit\n"
              .getBytes(StandardCharsets.UTF_8));
      byte[] first = a.getInputStream().readNBytes("OK hi\r\n".length());
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("OK hi\r\n");
      BufferedReader readerA =
          new BufferedReader(new InputStreamReader(a.getInputStream(), StandardCharsets.UTF_8));
      assertThat(readerA.readLine()).isEqualTo("OK ");
      assertThat(readerA.readLine()).isEqualTo("OK ");
      assertThat(readerA.readLine()).isEqualTo("OK ");
      b.getOutputStream()
          .write(
              "search 11000,12000,13000\nset max_results 0\nget max_results\n"
                  .getBytes(StandardCharsets.UTF_8));
      BufferedReader readerB =
          new BufferedReader(new InputStreamReader(b.getInputStream(), StandardCharsets.UTF_8));
      assertThat(readerB.readLine()).isEqualTo("OK 1001:3");
      assertThat(readerB.readLine()).isEqualTo("OK ");
      assertThat(readerB.readLine()).isEqualTo("OK 0");
      outA.write("get max_results\n".getBytes(StandardCharsets.UTF_8));
      assertThat(readerA.readLine()).isEqualTo("OK 500");
    }
  }

  @Test
  void idleConnectionsGetATimeoutAndAreClosed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.legacyPort())) {
      s.getOutputStream().write("set idle_timeout 100\n".getBytes(StandardCharsets.UTF_8));
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertThat(reader.readLine()).isEqualTo("OK ");
      assertThat(reader.readLine()).isEqualTo("ERR timeout");
      assertThat(reader.readLine()).isNull();
    }
  }

  @Test
  void overlongLinesAreRejectedAndClosed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.legacyPort())) {
      byte[] line = new byte[300 * 1024];
      java.util.Arrays.fill(line, (byte) 'a');
      s.getOutputStream().write(line);
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertThat(reader.readLine()).isEqualTo("ERR line too long");
      assertThat(reader.readLine()).isNull();
    }
  }
}
