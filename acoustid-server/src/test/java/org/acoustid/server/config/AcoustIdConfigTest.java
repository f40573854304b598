package org.acoustid.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcoustIdConfigTest {
  @TempDir Path tmp;

  @Test
  void defaultsFileAndEnvironmentOverridesInThatOrder() throws Exception {
    assertThat(AcoustIdConfig.load(null, Map.of(), "ACOUSTID_").database())
        .isEqualTo(DatabaseConfig.DEFAULT);
    Path file = tmp.resolve("acoustid.conf");
    Path secret = tmp.resolve("password.txt");
    Files.writeString(secret, "s3cret\n");
    Files.writeString(
        file,
        "# comment\n[database:app]\nhost = db.example\nport = 5433\nname = fp\npassword_file = "
            + secret
            + "\n"
            + "[cluster]\nsecret = abc\n");
    AcoustIdConfig fromFile = AcoustIdConfig.load(file, Map.of(), "ACOUSTID_");
    assertThat(fromFile.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/fp");
    assertThat(fromFile.database().password()).isEqualTo("s3cret");
    assertThat(fromFile.cluster().secret()).isEqualTo("abc");
    AcoustIdConfig overridden =
        AcoustIdConfig.load(
            file,
            Map.of("ACOUSTID_DATABASE_APP_PORT", "6000", "ACOUSTID_DATABASE_APP_POOL_SIZE", "3"),
            "ACOUSTID_");
    assertThat(overridden.database().port()).isEqualTo(6000);
    assertThat(overridden.database().poolSize()).isEqualTo(3);
    assertThat(overridden.database().host()).isEqualTo("db.example");
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(
            () -> AcoustIdConfig.load(null, Map.of("ACOUSTID_DATABASE_APP_PORT", "x"), "ACOUSTID_"))
        .hasMessageContaining("port must be an integer, got port=x");
    assertThatThrownBy(
            () -> AcoustIdConfig.load(null, Map.of("ACOUSTID_DATABASE_APP_PORT", "0"), "ACOUSTID_"))
        .hasMessageContaining("port=0");
  }

  @Test
  void redisRateLimitsAndIndexOptions(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    assertThat(AcoustIdConfig.load(null, Map.of(), "ACOUSTID_").redisUrl())
        .as("no Redis host: no rate limiting")
        .isNull();
    Path file = tmp.resolve("acoustid.conf");
    Files.writeString(
        file,
        "[redis]\nhost = cache.example\npassword = p@ss\n"
            + "[rate_limiter]\nglobal = 50\nip.10.0.0.1 = 0.5\napplication.7 = 20\n"
            + "[index]\nurls = http://a:8080, http://b:8080\nmax_docs_per_hash = 0\n");
    AcoustIdConfig c =
        AcoustIdConfig.load(file, Map.of("ACOUSTID_REDIS_PORT", "6380"), "ACOUSTID_");
    assertThat(c.redisUrl()).isEqualTo("redis://p%40ss@cache.example:6380");
    AcoustIdConfig withSecret =
        AcoustIdConfig.load(file, Map.of("ACOUSTID_SECRET", "w3bsecret"), "ACOUSTID_");
    assertThat(withSecret.websiteSecret()).isEqualTo("w3bsecret");
    assertThat(withSecret.toString()).doesNotContain("w3bsecret").doesNotContain("p@ss");
    assertThat(
            AcoustIdConfig.load(
                    file,
                    Map.of("ACOUSTID_SENTINEL", "On", "ACOUSTID_REDIS_PORT", "26379"),
                    "ACOUSTID_")
                .redisUrl())
        .as("Sentinel: host:port is the sentinel, the master name defaults to acoustid")
        .isEqualTo("redis-sentinel://p%40ss@cache.example:26379#acoustid");
    assertThat(
            AcoustIdConfig.load(
                    file,
                    Map.of("ACOUSTID_SENTINEL", "1", "ACOUSTID_REDIS_CLUSTER", "cache-main"),
                    "ACOUSTID_")
                .redisUrl())
        .isEqualTo("redis-sentinel://p%40ss@cache.example:6379#cache-main");
    io.lettuce.core.RedisURI sentinel =
        io.lettuce.core.RedisURI.create("redis-sentinel://p%40ss@cache.example:26379#acoustid");
    assertThat(sentinel.getSentinelMasterId()).isEqualTo("acoustid");
    assertThat(sentinel.getSentinels()).hasSize(1);
    assertThat(org.acoustid.server.util.RedisConnector.where(sentinel))
        .as("log lines name the address, never the password")
        .isEqualTo("sentinel cache.example:26379, master acoustid");
    assertThat(
            org.acoustid.server.util.RedisConnector.where(
                io.lettuce.core.RedisURI.create(c.redisUrl())))
        .isEqualTo("cache.example:6380");
    assertThat(c.rateLimits())
        .isEqualTo(
            new org.acoustid.server.ratelimit.RateLimits(
                10, 50, 4, Map.of(7, 20.0), Map.of("10.0.0.1", 0.5)));
    assertThat(c.indexUrls()).containsExactly("http://a:8080", "http://b:8080");
    assertThat(c.indexMaxDocsPerHash()).isZero();
    Files.writeString(file, "[rate_limiter]\nuser.3 = 1\n");
    assertThatThrownBy(() -> AcoustIdConfig.load(file, Map.of(), "ACOUSTID_"))
        .hasMessageContaining("[rate_limiter] unknown option user.3");
    Files.writeString(file, "[index]\nurls = ftp://x\n");
    assertThatThrownBy(() -> AcoustIdConfig.load(file, Map.of(), "ACOUSTID_"))
        .hasMessageContaining("[index] urls must be http(s) URLs");
  }

  @Test
  void theShippedExampleConfigurationLoads(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path example = Path.of("../docs/deploy/acoustid.conf.example");
    Files.writeString(tmp.resolve("db-password"), "pw\n");
    Files.writeString(tmp.resolve("cluster-secret"), "cs\n");
    // the example reads its secrets from /etc/acoustid; point the same file names at tmp
    String text =
        Files.readString(example)
            .replace("/etc/acoustid/", tmp.toString().replace('\\', '/') + "/");
    Path file = tmp.resolve("acoustid.conf");
    Files.writeString(file, text);
    AcoustIdConfig c = AcoustIdConfig.load(file, Map.of(), "ACOUSTID_");
    assertThat(c.database().password()).isEqualTo("pw");
    assertThat(c.cluster().secret()).isEqualTo("cs");
    assertThat(c.indexUrls()).hasSize(2);
    assertThat(c.redisUrl()).isEqualTo("redis://10.0.0.30:6379");
    assertThat(c.rateLimits().applicationOverrides()).containsEntry(7, 20.0);
    assertThat(c.nats().url()).isEqualTo("nats://10.0.0.40:4222");
  }
}
