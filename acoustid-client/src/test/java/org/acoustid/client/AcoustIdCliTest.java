package org.acoustid.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acoustid.chromaprint.GoldenDataAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against the scripted endpoint. */
class AcoustIdCliTest {
  FakeAcoustIdServer server;
  @TempDir Path tmp;

  @BeforeEach
  void start() throws Exception {
    server = new FakeAcoustIdServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  record Run(int code, String out, String err) {}

  Run cli(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Method run =
        Class.forName("org.acoustid.cli.AcoustIdCli")
            .getDeclaredMethod("run", PrintWriter.class, PrintWriter.class, String[].class);
    run.setAccessible(true);
    int code = (int) run.invoke(null, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void lookupPrintsTheBestRecordingAsTextAndJson() throws Exception {
    Path clip = GoldenDataAccess.dir().resolve("audio/mus_battle.wav");
    server
        .answer(200, AcoustIdClientTest.LOOKUP_ANSWER)
        .answer(200, AcoustIdClientTest.LOOKUP_ANSWER);
    Run text = cli("--api-key", "k", "--base-url", server.baseUrl(), "lookup", clip.toString());
    assertThat(text.code()).isZero();
    assertThat(text.out())
        .isEqualTo(
            clip
                + ": 1.00 cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff M83 - Lower Your Eyelids to Die With the Sun\n");
    Run json =
        cli("--api-key", "k", "--base-url", server.baseUrl(), "--json", "lookup", clip.toString());
    assertThat(json.out())
        .startsWith("{\"file\": ")
        .contains("\"score\": 1.0000")
        .contains("\"artist\": \"M83\"");
  }

  @Test
  void identifyWalksADirectoryAndReportsProgress() throws Exception {
    Path dir = tmp.resolve("music");
    Files.createDirectories(dir.resolve("a"));
    Files.copy(GoldenDataAccess.dir().resolve("audio/syn_chords.wav"), dir.resolve("a/one.wav"));
    Files.copy(GoldenDataAccess.dir().resolve("audio/mus_elvish.wav"), dir.resolve("two.wav"));
    Files.writeString(dir.resolve("notes.txt"), "not audio");
    server
        .answer(200, "{\"results\": [], \"status\": \"ok\"}")
        .answer(200, "{\"results\": [], \"status\": \"ok\"}");
    Run run = cli("--api-key", "k", "--base-url", server.baseUrl(), "identify", dir.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("one.wav: no match").contains("two.wav: no match");
    assertThat(run.err()).contains("[##############################] 2/2 files");
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void submitSendsTheMbidAndApiErrorsExitWithOne() throws Exception {
    Path clip = GoldenDataAccess.dir().resolve("audio/syn_chords.wav");
    server.answer(
        200,
        "{\"submissions\": [{\"id\": 5, \"index\": \"0\", \"status\": \"pending\"}], \"status\": \"ok\"}");
    Run ok =
        cli(
            "--api-key",
            "k",
            "--user-key",
            "u",
            "--base-url",
            server.baseUrl(),
            "submit",
            "--mbid",
            "cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff",
            clip.toString());
    assertThat(ok.out()).isEqualTo(clip + ": submission 5 pending\n");
    assertThat(server.requests.get(0).first("mbid.0"))
        .isEqualTo("cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff");
    assertThat(server.requests.get(0).first("fileformat.0")).isEqualTo("wav");
    server.answer(
        400,
        "{\"error\": {\"code\": 6, \"message\": \"invalid user API key\"}, \"status\": \"error\"}");
    Run bad =
        cli(
            "--api-key",
            "k",
            "--user-key",
            "u",
            "--base-url",
            server.baseUrl(),
            "submit",
            clip.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("AcoustID error 6");
  }

  @Test
  void missingApiKeyIsAUsageError() throws Exception {
    Run run = cli("--base-url", server.baseUrl(), "lookup", "x.wav");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("an API key is needed");
  }
}
