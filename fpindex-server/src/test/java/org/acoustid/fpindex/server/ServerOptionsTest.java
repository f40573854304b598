package org.acoustid.fpindex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {
  @Test
  void defaultsAreTheUpstreamOnes() {
    ServerOptions o = ServerOptions.parse();
    assertThat(o.dir()).isEqualTo(Path.of("data"));
    assertThat(o.host()).isEqualTo("127.0.0.1");
    assertThat(o.port()).isEqualTo(8080);
    assertThat(o.legacyPort()).isZero();
    assertThat(o.checkpointThreshold()).isEqualTo(100_000);
    assertThat(o.checkpointAgeMs()).isEqualTo(60_000);
    assertThat(o.loadConcurrency()).isZero();
    assertThat(o.maxDocsPerHash()).isZero(); // exact scores
    assertThat(o.bootstrapTimeoutMs()).isEqualTo(1_800_000);
    assertThat(o.coordinator()).isFalse();
  }

  @Test
  void parsesEveryFlagAndWarnsAboutUnknownOnes() {
    ServerOptions o =
        ServerOptions.parse(
            "--dir",
            "/tmp/x",
            "--host",
            "0.0.0.0",
            "--port",
            "9000",
            "--bogus",
            "--legacy-port",
            "6080",
            "--checkpoint-threshold",
            "5",
            "--checkpoint-age-ms",
            "0",
            "--load-concurrency",
            "2",
            "--max-docs-per-hash",
            "1000");
    assertThat(o.dir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(o.host()).isEqualTo("0.0.0.0");
    assertThat(o.port()).isEqualTo(9000);
    assertThat(o.legacyPort()).isEqualTo(6080);
    assertThat(o.checkpointThreshold()).isEqualTo(5);
    assertThat(o.checkpointAgeMs()).isZero();
    assertThat(o.loadConcurrency()).isEqualTo(2);
    assertThat(o.maxDocsPerHash()).isEqualTo(1000);
    assertThat(o.warnings()).containsExactly("ignoring unknown argument --bogus");
  }

  @Test
  void engineSettingsFollowTheFlags() {
    var exact = FpIndexServer.indexConfig(ServerOptions.parse());
    assertThat(exact.maxDocsPerHash()).isZero();
    assertThat(exact.checkpointThreshold()).isEqualTo(100_000);
    var capped =
        FpIndexServer.indexConfig(
            ServerOptions.parse(
                "--max-docs-per-hash",
                "1000",
                "--checkpoint-threshold",
                "7",
                "--checkpoint-age-ms",
                "5"));
    assertThat(capped.maxDocsPerHash()).isEqualTo(1000);
    assertThat(capped.checkpointThreshold()).isEqualTo(7);
    assertThat(capped.checkpointAgeMs()).isEqualTo(5);
  }

  @Test
  void missingValuesAndBadNumbersAreStartupErrors() {
    assertThatThrownBy(() -> ServerOptions.parse("--port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--port needs a value");
    assertThatThrownBy(() -> ServerOptions.parse("--port", "http"))
        .hasMessageContaining("--port must be a number");
    assertThatThrownBy(() -> ServerOptions.parse("--port", "65536"))
        .hasMessageContaining("[0, 65535]");
    assertThatThrownBy(() -> ServerOptions.parse("--checkpoint-threshold", "0"))
        .hasMessageContaining("--checkpoint-threshold must be in [1,");
    assertThatThrownBy(() -> ServerOptions.parse("--max-docs-per-hash", "-1"))
        .hasMessageContaining("--max-docs-per-hash must be in [0,");
  }

  @Test
  void replicaFlagsChooseOneFeed() {
    ServerOptions nats =
        ServerOptions.parse(
            "--nats-url",
            "nats://10.0.0.5:4222",
            "--nats-prefix",
            "prod_fp",
            "--nats-max-age-ms",
            "3600000",
            "--nats-max-messages",
            "500",
            "--nats-replicas",
            "3",
            "--peers",
            " http://a:8080 , ,http://b ");
    assertThat(nats.replica()).isTrue();
    assertThat(nats.jetStreamOptions().prefix()).isEqualTo("prod_fp");
    assertThat(nats.jetStreamOptions().maxAgeMs()).isEqualTo(3_600_000);
    assertThat(nats.jetStreamOptions().maxMessages()).isEqualTo(500);
    assertThat(nats.jetStreamOptions().replicas()).isEqualTo(3);
    assertThat(nats.warnings()).isEmpty();
    assertThat(ServerOptions.parse("--coordinator-url", "http://c:9000").replica()).isTrue();
    assertThat(ServerOptions.parse("--coordinator").replica()).isFalse();
    assertThat(ServerOptions.parse().replica()).isFalse();

    assertThatThrownBy(
            () -> ServerOptions.parse("--coordinator", "--nats-url", "nats://127.0.0.1:4222"))
        .hasMessageContaining("exclude each other");
    assertThatThrownBy(() ->
            ServerOptions.parse(
                "--coordinator-url", "http://c:9000", "--nats-url", "nats://127.0.0.1:4222"))
        .hasMessageContaining("exclude each other");
    assertThatThrownBy(() ->
            ServerOptions.parse("--nats-url", "nats://127.0.0.1:4222", "--nats-prefix", "a.b"))
        .hasMessageContaining("prefix");
    assertThatThrownBy(() -> ServerOptions.parse("--nats-replicas", "6"))
        .hasMessageContaining("[1, 5]");
  }

  @Test
  void peersWithoutAFeedWarnAndBlankPeersCountAsUnset() {
    assertThat(ServerOptions.parse("--peers", "http://a:1").warnings())
        .containsExactly("--peers has no effect without --coordinator-url or --nats-url");
    ServerOptions blank = ServerOptions.parse("--peers", " , ");
    assertThat(blank.peers()).isNull();
    assertThat(blank.warnings()).isEmpty();
  }
}
