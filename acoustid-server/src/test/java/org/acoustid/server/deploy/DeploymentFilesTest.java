package org.acoustid.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.acoustid.server.config.AcoustIdConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container files cannot be run on the build machine (no Docker engine), so their contract is
 * checked here: the compose services, profiles and health checks, the Dockerfiles they build, and
 * that the environment the services get is a configuration the service accepts.
 */
class DeploymentFilesTest {
  static final Path ROOT = Path.of("..");

  @SuppressWarnings("unchecked")
  static Map<String, Object> compose() throws IOException {
    return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> service(String name) throws IOException {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    assertThat(services).as("compose services").containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @Test
  void servicesAndProfilesAreThoseOfTheUpstreamLayout() throws IOException {
    assertThat(service("api").get("profiles")).isEqualTo(List.of("frontend"));
    for (String backend : List.of("index", "worker", "cron")) {
      assertThat(service(backend).get("profiles")).as(backend).isEqualTo(List.of("backend"));
    }
    for (String always : List.of("postgres", "redis", "nats", "migrate")) {
      assertThat(service(always)).as(always).doesNotContainKey("profiles");
    }
    assertThat(service("migrate").get("command")).isEqualTo(List.of("db", "upgrade"));
    assertThat(service("worker").get("command")).isEqualTo(List.of("run", "worker"));
    assertThat(service("cron").get("command")).isEqualTo(List.of("run", "cron"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthChecksUseTheHealthEndpoints() throws IOException {
    assertThat((List<String>) ((Map<String, Object>) service("api").get("healthcheck")).get("test"))
        .anyMatch(part -> part.endsWith(":5000/_health_docker"));
    assertThat(
            (List<String>) ((Map<String, Object>) service("index").get("healthcheck")).get("test"))
        .anyMatch(part -> part.endsWith(":6080/_health"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyBuildPointsAtADockerfileOfThisRepository() throws IOException {
    for (String name : List.of("api", "worker", "cron", "migrate", "index")) {
      Map<String, Object> build = (Map<String, Object>) service(name).get("build");
      Path dockerfile = ROOT.resolve((String) build.get("dockerfile"));
      assertThat(dockerfile).as(name).isRegularFile();
      String text = Files.readString(dockerfile);
      assertThat(text).contains("FROM eclipse-temurin:25-jre").contains("HEALTHCHECK");
    }
    assertThat(Files.readString(ROOT.resolve("docker/Dockerfile")))
        .contains("org.acoustid.server.AcoustIdCommand")
        .contains("--add-modules=jdk.incubator.vector");
    assertThat(Files.readString(ROOT.resolve("docker/Dockerfile.index")))
        .contains("fpindex-server.jar");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theServicesEnvironmentIsAValidConfiguration() throws IOException {
    Map<String, Object> raw = (Map<String, Object>) service("api").get("environment");
    Map<String, String> env =
        raw.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    assertThat(env.keySet()).allMatch(k -> k.startsWith("ACOUSTID_"));
    AcoustIdConfig config = AcoustIdConfig.load(null, env, "ACOUSTID_");
    assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/acoustid");
    assertThat(config.redisUrl()).isEqualTo("redis://redis:6379");
    assertThat(config.nats().url()).isEqualTo("nats://nats:4222");
    assertThat(config.indexUrls()).containsExactly("http://index:6080");
    // the same environment for every role of the image
    for (String name : List.of("worker", "cron", "migrate")) {
      assertThat(service(name).get("environment")).as(name).isEqualTo(raw);
    }
    Map<String, Object> postgres = (Map<String, Object>) service("postgres").get("environment");
    assertThat(postgres.get("POSTGRES_USER")).isEqualTo(env.get("ACOUSTID_DATABASE_APP_USER"));
    assertThat(postgres.get("POSTGRES_PASSWORD"))
        .isEqualTo(env.get("ACOUSTID_DATABASE_APP_PASSWORD"));
    assertThat(postgres.get("POSTGRES_DB")).isEqualTo(env.get("ACOUSTID_DATABASE_APP_NAME"));
  }
}
