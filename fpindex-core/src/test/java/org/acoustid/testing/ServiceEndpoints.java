package org.acoustid.testing;

/**
 * Where the integration-test services live. Each value comes from an environment variable, then a
 * system property of the same meaning, then the local default that {@code .ci/run} provides.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>ACOUSTID_TEST_PG_URL</td><td>jdbc:postgresql://127.0.0.1:5432/afp</td></tr>
 *   <tr><td>ACOUSTID_TEST_PG_USER / _PASSWORD</td><td>afp / afp</td></tr>
 *   <tr><td>ACOUSTID_TEST_REDIS_URL</td><td>redis://127.0.0.1:6379</td></tr>
 *   <tr><td>ACOUSTID_TEST_NATS_URL</td><td>nats://127.0.0.1:4222</td></tr>
 * </table>
 */
public final class ServiceEndpoints {
  private ServiceEndpoints() {}

  public static String postgresUrl() {
    return setting("ACOUSTID_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/afp");
  }

  public static String postgresUser() {
    return setting("ACOUSTID_TEST_PG_USER", "afp");
  }

  public static String postgresPassword() {
    return setting("ACOUSTID_TEST_PG_PASSWORD", "afp");
  }

  public static String redisUrl() {
    return setting("ACOUSTID_TEST_REDIS_URL", "redis://127.0.0.1:6379");
  }

  public static String natsUrl() {
    return setting("ACOUSTID_TEST_NATS_URL", "nats://127.0.0.1:4222");
  }

  /** Explains how to get the services up; appended to every connection failure. */
  static String startHint() {
    return " (start the test services with .ci/run, or see docs/testing.md)";
  }

  private static String setting(String name, String fallback) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      value = System.getProperty(name.toLowerCase().replace('_', '.'));
    }
    return value == null || value.isBlank() ? fallback : value;
  }
}
