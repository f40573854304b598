package org.acoustid.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.acoustid.server.queue.NatsSettings;
import org.acoustid.server.ratelimit.RateLimits;

/**
 * The service configuration: an INI file (path from {@code ACOUSTID_CONFIG} or the command line),
 * then {@code ACOUSTID_*} environment overrides. Every option also accepts {@code <NAME>_FILE} in
 * the environment and {@code <option>_file} in the file, whose value is read from that file (for
 * secrets). Read: {@code [database:app]} (used for all four logical databases), {@code [cluster]}
 * role and secret, {@code [website]} search_timeout (seconds), {@code [index]} dir, urls and name
 * (the fingerprint index: in-process, or on fpindex-server nodes) and {@code [musicbrainz]}
 * base_url.
 *
 * @param cluster {@code [cluster]} role (default {@code master}) and secret (default none)
 * @param searchTimeoutSeconds deadline of one lookup search (§7.1), default 1
 * @param indexDirectory where the in-process fingerprint index lives, default {@code data/index}
 * @param indexUrls fpindex-server nodes (comma-separated in the file); empty means in-process
 * @param indexName the index on those nodes, default {@code main}
 * @param indexMaxDocsPerHash in-process index: postings read per query term and file segment, 0 for
 *     exact counts (default 0)
 * @param shutdownFile the graceful-shutdown marker (§14.3), default {@code
 *     acoustid-server-shutdown.txt} in the temporary directory
 * @param shutdownDelaySeconds how long SIGTERM waits with health at 503 before stopping, default 0
 * @param websiteSecret {@code [website] secret} ({@code ACOUSTID_SECRET}): derives the day's demo
 *     {@code client} key (§3.2); none by default
 * @param musicBrainzUrl where {@code /v2/user/create_musicbrainz} checks access tokens ({@code
 *     <url>/oauth2/userinfo}), default {@link #DEFAULT_MUSICBRAINZ_URL}
 */
public record AcoustIdConfig(
    DatabaseConfig database,
    ClusterSettings cluster,
    double searchTimeoutSeconds,
    Path indexDirectory,
    List<String> indexUrls,
    String indexName,
    int indexMaxDocsPerHash,
    String redisUrl,
    RateLimits rateLimits,
    NatsSettings nats,
    String musicBrainzUrl,
    String websiteSecret,
    Path shutdownFile,
    double shutdownDelaySeconds) {
  /** The MusicBrainz server whose OAuth user info identifies MusicBrainz users (§4.9). */
  public static final String DEFAULT_MUSICBRAINZ_URL = "https://musicbrainz.org";

  /**
   * Upstream fpindex's cap on very common query terms: 4× the lookup throughput of exact counting
   * at 100k fingerprints with equal recall (docs/acoustid-server.md).
   */
  public static final int DEFAULT_MAX_DOCS_PER_HASH = 1000;

  /**
   * Loads {@code file} (may be null) with overrides from {@code env} under {@code prefix}
   * ("ACOUSTID_").
   */
  public static AcoustIdConfig load(Path file, Map<String, String> env, String prefix)
      throws IOException {
    Map<String, String> ini = file == null ? Map.of() : parseIni(file);
    Settings s = new Settings(ini, env, prefix);
    DatabaseConfig d = DatabaseConfig.DEFAULT;
    DatabaseConfig database =
        new DatabaseConfig(
            s.get("database:app", "host", "DATABASE_APP_HOST", d.host()),
            s.integer("database:app", "port", "DATABASE_APP_PORT", d.port()),
            s.get("database:app", "name", "DATABASE_APP_NAME", d.name()),
            s.get("database:app", "user", "DATABASE_APP_USER", d.user()),
            s.get("database:app", "password", "DATABASE_APP_PASSWORD", d.password()),
            s.integer("database:app", "pool_size", "DATABASE_APP_POOL_SIZE", d.poolSize()),
            (long)
                (1000
                    * s.decimal(
                        "database:app",
                        "pool_timeout",
                        "DATABASE_APP_POOL_TIMEOUT",
                        d.poolTimeoutMs() / 1000.0)));
    double searchTimeout = s.decimal("website", "search_timeout", "WEBSITE_SEARCH_TIMEOUT", 1.0);
    if (!(searchTimeout > 0)) {
      throw new IOException(
          "[website] search_timeout must be positive, got search_timeout=" + searchTimeout);
    }
    return new AcoustIdConfig(
        database,
        new ClusterSettings(
            s.get("cluster", "role", "CLUSTER_ROLE", ClusterSettings.MASTER),
            s.get("cluster", "secret", "CLUSTER_SECRET", null)),
        searchTimeout,
        Path.of(s.get("index", "dir", "INDEX_DIR", "data/index")),
        urls(s.get("index", "urls", "INDEX_URLS", "")),
        s.get("index", "name", "INDEX_NAME", "main"),
        s.integer(
            "index", "max_docs_per_hash", "INDEX_MAX_DOCS_PER_HASH", DEFAULT_MAX_DOCS_PER_HASH),
        redisUrl(s),
        rateLimits(ini),
        nats(s),
        musicBrainzUrl(s),
        s.get("website", "secret", "SECRET", null),
        Path.of(
            s.get(
                "website",
                "shutdown_file",
                "SHUTDOWN_FILE",
                Path.of(System.getProperty("java.io.tmpdir"), "acoustid-server-shutdown.txt")
                    .toString())),
        s.decimal("website", "shutdown_delay", "SHUTDOWN_DELAY", 0));
  }

  @Override
  public String toString() { // never log a secret: Redis credentials, the website secret
    return "AcoustIdConfig[database="
        + database
        + ", cluster="
        + cluster
        + ", index="
        + (indexUrls.isEmpty() ? indexDirectory : indexUrls + "/" + indexName)
        + ", redis="
        + (redisUrl == null ? "none" : "configured")
        + ", websiteSecret="
        + (websiteSecret == null ? "none" : "***")
        + "]";
  }

  private static String musicBrainzUrl(Settings s) throws IOException {
    String url =
        s.get("musicbrainz", "base_url", "MUSICBRAINZ_BASE_URL", DEFAULT_MUSICBRAINZ_URL).strip();
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IOException("[musicbrainz] base_url must be an http(s) URL, got base_url=" + url);
    }
    return url;
  }

  private static String redisUrl(Settings s) throws IOException {
    String host = s.get("redis", "host", "REDIS_HOST", null);
    if (host == null || host.isBlank()) {
      return null;
    }
    int port = s.integer("redis", "port", "REDIS_PORT", 6379);
    String password = s.get("redis", "password", "REDIS_PASSWORD", null);
    // with [redis] sentinel, host:port is a Sentinel that names the master of [redis] cluster
    boolean sentinel = s.bool("redis", "sentinel", "SENTINEL", false);
    String credentials =
        password == null || password.isEmpty()
            ? ""
            : java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8) + "@";
    if (sentinel) {
      String master = s.get("redis", "cluster", "REDIS_CLUSTER", "acoustid").strip();
      return "redis-sentinel://" + credentials + host.strip() + ":" + port + "#" + master;
    }
    return "redis://" + credentials + host.strip() + ":" + port;
  }

  private static NatsSettings nats(Settings s) throws IOException {
    String url = s.get("nats", "url", "NATS_URL", null);
    if (url == null || url.isBlank()) {
      return null;
    }
    return new NatsSettings(
        url.strip(),
        s.get("nats", "stream", "NATS_STREAM", "ACOUSTID_SUBMISSIONS"),
        s.get("nats", "subject", "NATS_SUBJECT", "acoustid.submissions"));
  }

  /** {@code [rate_limiter]}: global, ip.ADDR and application.ID, all in requests per second. */
  static RateLimits rateLimits(Map<String, String> ini) throws IOException {
    double global = RateLimits.DEFAULT.global();
    Map<Integer, Double> apps = new HashMap<>();
    Map<String, Double> ips = new HashMap<>();
    for (Map.Entry<String, String> e : ini.entrySet()) {
      if (!e.getKey().startsWith("rate_limiter.")) {
        continue;
      }
      String option = e.getKey().substring("rate_limiter.".length());
      double rate;
      try {
        rate = Double.parseDouble(e.getValue());
      } catch (NumberFormatException ex) {
        throw new IOException(
            "[rate_limiter] " + option + " must be a number, got " + option + "=" + e.getValue());
      }
      if (!(rate > 0)) {
        throw new IOException("[rate_limiter] " + option + " must be positive, got " + rate);
      }
      if (option.equals("global")) {
        global = rate;
      } else if (option.startsWith("ip.")) {
        ips.put(option.substring(3), rate);
      } else if (option.startsWith("application.")) {
        try {
          apps.put(Integer.parseInt(option.substring("application.".length())), rate);
        } catch (NumberFormatException ex) {
          throw new IOException("[rate_limiter] " + option + ": expected application.<id>");
        }
      } else {
        throw new IOException(
            "[rate_limiter] unknown option " + option + " (global, ip.ADDR, application.ID)");
      }
    }
    return new RateLimits(
        RateLimits.DEFAULT.application(), global, RateLimits.DEFAULT.ip(), apps, ips);
  }

  private static List<String> urls(String value) throws IOException {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String url = part.strip();
      if (url.isEmpty()) {
        continue;
      }
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IOException("[index] urls must be http(s) URLs, got " + url);
      }
      out.add(url);
    }
    return List.copyOf(out);
  }

  /**
   * The configuration of this process: {@code ACOUSTID_CONFIG} (or {@code file}) and the
   * environment.
   */
  public static AcoustIdConfig fromEnvironment(Path file) throws IOException {
    Map<String, String> env = System.getenv();
    Path path =
        file != null
            ? file
            : env.containsKey("ACOUSTID_CONFIG") ? Path.of(env.get("ACOUSTID_CONFIG")) : null;
    return load(path, env, "ACOUSTID_");
  }

  static Map<String, String> parseIni(Path file) throws IOException {
    Map<String, String> out = new HashMap<>();
    String section = "";
    int lineNumber = 0;
    for (String raw : Files.readAllLines(file)) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IOException(file + ":" + lineNumber + ": expected name = value, got: " + line);
      }
      out.put(section + "." + line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return out;
  }

  /**
   * Looks options up: environment (and its _FILE form) first, then the file (and its _file form).
   */
  private record Settings(Map<String, String> ini, Map<String, String> env, String prefix) {
    String get(String section, String option, String envName, String fallback) throws IOException {
      String v = env.get(prefix + envName);
      if (v != null) {
        return v;
      }
      String fromFile = env.get(prefix + envName + "_FILE");
      if (fromFile != null) {
        return Files.readString(Path.of(fromFile)).strip();
      }
      v = ini.get(section + "." + option);
      if (v != null) {
        return v;
      }
      String iniFile = ini.get(section + "." + option + "_file");
      if (iniFile != null) {
        return Files.readString(Path.of(iniFile)).strip();
      }
      return fallback;
    }

    /** {@code 1}, {@code on}, {@code true} (any case) are true, as the spec's booleans. */
    boolean bool(String section, String option, String envName, boolean fallback)
        throws IOException {
      String v = get(section, option, envName, null);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      String t = v.strip().toLowerCase(Locale.ROOT);
      return t.equals("1") || t.equals("on") || t.equals("true");
    }

    int integer(String section, String option, String envName, int fallback) throws IOException {
      String v = get(section, option, envName, null);
      try {
        return v == null ? fallback : Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "[" + section + "] " + option + " must be an integer, got " + option + "=" + v);
      }
    }

    double decimal(String section, String option, String envName, double fallback)
        throws IOException {
      String v = get(section, option, envName, null);
      try {
        return v == null ? fallback : Double.parseDouble(v.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "["
                + section
                + "] "
                + option.toLowerCase(Locale.ROOT)
                + " must be a number, got "
                + option
                + "="
                + v);
      }
    }
  }
}
