package org.acoustid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against recorded service answers (the examples of the API specification). */
class AcoustIdClientTest {
  static final String LOOKUP_ANSWER =
      "{\"results\": [{\"id\": \"9ff43b6a-4f16-427c-93c2-92307ca505e0\", \"recordings\": [{\"artists\":"
          + " [{\"id\": \"6d7b7cd4-254b-4c25-83f6-dd20f98ceacd\", \"name\": \"M83\"}], \"duration\": 639.387,"
          + " \"id\": \"cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff\", \"releasegroups\": [{\"id\":"
          + " \"ddaa2d4d-314e-3e7c-b1d0-f6d207f5aa2f\", \"title\": \"Before the Dawn Heals Us\", \"type\":"
          + " \"Album\"}], \"title\": \"Lower Your Eyelids to Die With the Sun\"}], \"score\": 1.0}],"
          + " \"status\": \"ok\"}";

  FakeAcoustIdServer server;

  @BeforeEach
  void start() throws IOException {
    server = new FakeAcoustIdServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void lookupSendsTheFormFieldsAndParsesTheTree() throws IOException {
    server.answer(200, LOOKUP_ANSWER);
    AcoustIdClient client =
        AcoustIdClient.create(server.options().gzipThresholdBytes(Integer.MAX_VALUE).build());
    List<LookupResult> results =
        client.lookup(
            "AQABz0qUkZ", 641, Set.of(Meta.RECORDINGS, Meta.RELEASE_GROUPS, Meta.COMPRESS));

    FakeAcoustIdServer.Request sent = server.requests.get(0);
    assertThat(sent.path()).isEqualTo("/v2/lookup");
    assertThat(sent.gzipped()).isFalse();
    assertThat(sent.first("client")).isEqualTo("app-key");
    assertThat(sent.first("format")).isEqualTo("json");
    assertThat(sent.first("fingerprint")).isEqualTo("AQABz0qUkZ");
    assertThat(sent.first("duration")).isEqualTo("641");
    assertThat(sent.first("meta")).isEqualTo("recordings releasegroups compress");

    assertThat(results).hasSize(1);
    LookupResult r = results.get(0);
    assertThat(r.trackId()).isEqualTo("9ff43b6a-4f16-427c-93c2-92307ca505e0");
    assertThat(r.score()).isEqualTo(1.0);
    Recording recording = r.recordings().get(0);
    assertThat(recording.title()).isEqualTo("Lower Your Eyelids to Die With the Sun");
    assertThat(recording.durationSeconds()).isEqualTo(639.387);
    assertThat(recording.artistName()).isEqualTo("M83");
    assertThat(recording.releaseGroups().get(0).type()).isEqualTo("Album");
    assertThat(recording.releases()).isEmpty();
  }

  @Test
  void largeBodiesAreGzipped() throws IOException {
    server.answer(200, "{\"results\": [], \"status\": \"ok\"}");
    AcoustIdClient client = AcoustIdClient.create(server.options().gzipThresholdBytes(64).build());
    String fingerprint = "A".repeat(5000);
    assertThat(client.lookup(fingerprint, 10, Set.of())).isEmpty();
    assertThat(server.requests.get(0).gzipped()).isTrue();
    assertThat(server.requests.get(0).first("fingerprint")).isEqualTo(fingerprint);
    assertThat(server.requests.get(0).form()).doesNotContainKey("meta");
  }

  @Test
  void apiErrorsCarryCodeAndAreNotRetried() {
    server.answer(
        400, "{\"error\": {\"code\": 4, \"message\": \"invalid API key\"}, \"status\": \"error\"}");
    AcoustIdClient client = AcoustIdClient.create(server.options().build());
    assertThatThrownBy(() -> client.lookup("AQAB", 10, Set.of()))
        .isInstanceOfSatisfying(
            AcoustIdApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(4);
              assertThat(e.apiMessage()).isEqualTo("invalid API key");
              assertThat(e.httpStatus()).isEqualTo(400);
            });
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void serverErrorsAndRateLimitsAreRetriedThenSucceed() throws IOException {
    server
        .answer(503, "service unavailable")
        .answer(
            429,
            "{\"error\": {\"code\": 14, \"message\": \"rate limit (4.000000 requests per second) exceeded, try again later\"}, \"status\": \"error\"}")
        .answer(200, "{\"results\": [], \"status\": \"ok\"}");
    AcoustIdClient client = AcoustIdClient.create(server.options().maxRetries(3).build());
    assertThat(client.lookup("AQAB", 10, Set.of())).isEmpty();
    assertThat(server.requests).hasSize(3);
  }

  @Test
  void retriesStopAtTheLimitWithTheLastError() {
    for (int i = 0; i < 3; i++) {
      server.answer(
          429, "{\"error\": {\"code\": 14, \"message\": \"rate limit\"}, \"status\": \"error\"}");
    }
    AcoustIdClient client = AcoustIdClient.create(server.options().maxRetries(2).build());
    assertThatThrownBy(() -> client.lookup("AQAB", 10, Set.of()))
        .isInstanceOfSatisfying(
            AcoustIdApiException.class, e -> assertThat(e.code()).isEqualTo(14));
    assertThat(server.requests).hasSize(3);
  }

  @Test
  void nonJsonAnswersAreIoExceptionsNamingTheStatus() {
    server.answer(200, "<html>proxy error</html>");
    AcoustIdClient client = AcoustIdClient.create(server.options().build());
    assertThatThrownBy(() -> client.lookup("AQAB", 10, Set.of()))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 200")
        .hasMessageContaining("not JSON");
  }

  @Test
  void submitSplitsAtOneHundredEntriesAndMapsEntriesBack() throws IOException {
    List<Submission> submissions = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      submissions.add(Submission.builder("FP" + i, 100 + i).track("t" + i).build());
    }
    for (int batch = 0; batch < 3; batch++) {
      StringBuilder answer = new StringBuilder("{\"submissions\": [");
      int size = batch < 2 ? 100 : 50;
      for (int i = 0; i < size; i++) {
        answer
            .append(i == 0 ? "" : ", ")
            .append("{\"id\": ")
            .append(1000 * batch + i)
            .append(", \"index\": \"")
            .append(i)
            .append("\", \"status\": \"pending\"}");
      }
      server.answer(200, answer.append("], \"status\": \"ok\"}").toString());
    }
    AcoustIdClient client = AcoustIdClient.create(server.options().build());
    List<SubmissionResult> results = client.submit(submissions);

    assertThat(server.requests).hasSize(3);
    assertThat(server.requests.get(0).form())
        .containsKey("fingerprint.99")
        .doesNotContainKey("fingerprint.100");
    assertThat(server.requests.get(2).first("fingerprint.49")).isEqualTo("FP249");
    assertThat(server.requests.get(2).first("duration.49")).isEqualTo("349");
    assertThat(server.requests.get(1).first("user")).isEqualTo("user-key");
    assertThat(results).hasSize(250);
    assertThat(results.get(249)).isEqualTo(new SubmissionResult(249, 2049, "pending"));
  }

  @Test
  void submissionsAreValidatedBeforeAnyRequest() {
    assertThatThrownBy(() -> Submission.builder("FP", 0).build())
        .hasMessageContaining("durationSeconds=0");
    assertThatThrownBy(() -> Submission.builder("FP", 10).mbid("not-a-uuid").build())
        .hasMessageContaining("mbid must be a UUID");
    assertThatThrownBy(() -> Submission.builder("FP", 10).foreignId("nocolon").build())
        .hasMessageContaining("vendor:id");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void batchesAlsoSplitByBytes() {
    List<Submission> submissions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      submissions.add(Submission.builder("F".repeat(3000), 100).build());
    }
    int limit = SubmissionBatches.COMMON_FIELDS_ALLOWANCE + 3 * 3100;
    List<List<Submission>> batches = SubmissionBatches.split(submissions, 100, limit);
    assertThat(batches).hasSize(4);
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(10);
    for (List<Submission> batch : batches) {
      int bytes = SubmissionBatches.COMMON_FIELDS_ALLOWANCE;
      for (int i = 0; i < batch.size(); i++) {
        bytes += FormBody.encodedLength(batch.get(i).formFields(i));
      }
      assertThat(bytes).isLessThanOrEqualTo(limit);
    }
    assertThatThrownBy(() -> SubmissionBatches.split(submissions, 100, 5000))
        .hasMessageContaining("over the request limit");
  }

  @Test
  void batchedLookupKeepsQueryOrder() throws IOException {
    server.answer(
        200,
        "{\"fingerprints\": [{\"index\": 1, \"results\": [{\"id\": \"b\", \"score\": 0.5}]},"
            + " {\"index\": 0, \"results\": []}], \"status\": \"ok\"}");
    AcoustIdClient client = AcoustIdClient.create(server.options().build());
    List<List<LookupResult>> results =
        client.lookupBatch(
            List.of(
                new AcoustIdClient.FingerprintQuery("A", 1),
                new AcoustIdClient.FingerprintQuery("B", 2)),
            Set.of());
    assertThat(results.get(0)).isEmpty();
    assertThat(results.get(1).get(0).trackId()).isEqualTo("b");
    assertThat(server.requests.get(0).first("batch")).isEqualTo("1");
    assertThat(server.requests.get(0).first("fingerprint.1")).isEqualTo("B");
  }

  @Test
  void submissionStatusPollsUntilImported() throws IOException {
    server
        .answer(
            200, "{\"submissions\": [{\"id\": 7, \"status\": \"pending\"}], \"status\": \"ok\"}")
        .answer(
            200,
            "{\"submissions\": [{\"id\": 7, \"result\": {\"id\": \"9ff4\"}, \"status\": \"imported\"}],"
                + " \"status\": \"ok\"}");
    AcoustIdClient client = AcoustIdClient.create(server.options().build());
    List<SubmissionStatus> statuses =
        client.awaitImported(List.of(7L), Duration.ofSeconds(30), Duration.ofMillis(1));
    assertThat(statuses).containsExactly(new SubmissionStatus(7, "imported", "9ff4"));
    assertThat(server.requests).hasSize(2);
    assertThat(server.requests.get(0).form().get("id")).containsExactly("7");
  }

  @Test
  void listByMbidMapsEachMbidToItsTracks() throws IOException {
    server.answer(
        200,
        "{\"mbids\": [{\"mbid\": \"m1\", \"tracks\": [{\"id\": \"t1\"}, {\"id\": \"t2\"}]},"
            + " {\"mbid\": \"m2\", \"tracks\": []}], \"status\": \"ok\"}");
    AcoustIdClient client = AcoustIdClient.create(server.options().build());
    assertThat(client.listByMbid(List.of("m1", "m2")))
        .isEqualTo(Map.of("m1", List.of("t1", "t2"), "m2", List.of()));
    assertThat(server.requests.get(0).path()).isEqualTo("/v2/track/list_by_mbid");
  }

  @Test
  void matchFingerprintsTheFileAndLooksItUp() throws Exception {
    java.nio.file.Path root = org.acoustid.chromaprint.GoldenDataAccess.dir();
    server.answer(200, LOOKUP_ANSWER);
    AcoustIdClient client = AcoustIdClient.create(server.options().build());
    List<LookupResult> results = client.match(root.resolve("audio/mus_battle.wav"), Set.of());
    String expected =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(root.resolve("fingerprints/mus_battle.fpcalc.json").toFile())
            .get("fingerprint")
            .asText();
    FakeAcoustIdServer.Request sent = server.requests.get(0);
    assertThat(sent.first("fingerprint")).isEqualTo(expected);
    assertThat(sent.first("duration")).isEqualTo("29");
    assertThat(sent.first("meta")).isEqualTo("recordings");
    assertThat(results.get(0).recordings().get(0).artistName()).isEqualTo("M83");
  }

  @Test
  void optionsRejectBadValuesAtTheSetter() {
    assertThatThrownBy(() -> ClientOptions.builder().requestsPerSecond(-1))
        .hasMessage("requestsPerSecond must be >= 0, got requestsPerSecond=-1.0");
    assertThatThrownBy(() -> ClientOptions.builder().maxRetries(-2))
        .hasMessageContaining("maxRetries=-2");
    assertThat(
            ClientOptions.builder()
                .baseUrl("http://localhost:5000/v2")
                .build()
                .baseUrl()
                .toString())
        .isEqualTo("http://localhost:5000/v2/");
  }
}
