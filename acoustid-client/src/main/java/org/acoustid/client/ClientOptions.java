package org.acoustid.client;

import java.net.URI;
import java.time.Duration;

/**
 * Immutable settings of an {@link AcoustIdClient}; build with {@link #builder()}, vary with {@link
 * #toBuilder()}.
 *
 * @param baseUrl API root ending in {@code /}, default {@value #DEFAULT_BASE_URL}
 * @param apiKey application key sent as {@code client} (required for lookup and submit)
 * @param userKey user key sent as {@code user} on submit, or null
 * @param connectTimeout TCP connect limit, default 10 s
 * @param requestTimeout limit for one request and its response, default 30 s
 * @param requestsPerSecond client-side rate limit shared by all threads of this client, default 3
 *     (what the service asks of a client); 0 disables it
 * @param maxRetries retries of one request after 429, 5xx or a timeout, default 3
 * @param initialBackoff first retry delay, doubled per retry with up to 50 % jitter, default 500 ms
 * @param gzipThresholdBytes request bodies at least this large are sent gzip-compressed, default
 *     1024; 0 compresses every body, {@link Integer#MAX_VALUE} none
 * @param userAgent the {@code User-Agent} header
 */
public record ClientOptions(
    URI baseUrl,
    String apiKey,
    String userKey,
    Duration connectTimeout,
    Duration requestTimeout,
    double requestsPerSecond,
    int maxRetries,
    Duration initialBackoff,
    int gzipThresholdBytes,
    String userAgent) {
  public static final String DEFAULT_BASE_URL = "https://api.acoustid.org/v2/";
  public static final double DEFAULT_REQUESTS_PER_SECOND = 3;
  public static final int DEFAULT_MAX_RETRIES = 3;

  public ClientOptions {
    if (baseUrl == null) {
      throw new IllegalArgumentException("baseUrl must be set");
    }
    String url = baseUrl.toString();
    if (url.endsWith("/") == false) {
      baseUrl = URI.create(url + "/");
    }
    if (requestsPerSecond < 0 || Double.isNaN(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "requestsPerSecond must be >= 0, got requestsPerSecond=" + requestsPerSecond);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got maxRetries=" + maxRetries);
    }
    if (gzipThresholdBytes < 0) {
      throw new IllegalArgumentException(
          "gzipThresholdBytes must be >= 0, got gzipThresholdBytes=" + gzipThresholdBytes);
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be >= 0, got " + initialBackoff);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + name + "=" + value);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.baseUrl = baseUrl;
    b.apiKey = apiKey;
    b.userKey = userKey;
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.requestsPerSecond = requestsPerSecond;
    b.maxRetries = maxRetries;
    b.initialBackoff = initialBackoff;
    b.gzipThresholdBytes = gzipThresholdBytes;
    b.userAgent = userAgent;
    return b;
  }

  /** Builder of {@link ClientOptions}; each setter checks its value at once. */
  public static final class Builder {
    private URI baseUrl = URI.create(DEFAULT_BASE_URL);
    private String apiKey;
    private String userKey;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private double requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = Duration.ofMillis(500);
    private int gzipThresholdBytes = 1024;
    private String userAgent = "acoustid-java/0.1";

    private Builder() {}

    /** The API root, e.g. {@code http://localhost:5000/v2/} for a self-hosted server. */
    public Builder baseUrl(String url) {
      this.baseUrl = URI.create(url);
      return this;
    }

    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    public Builder userKey(String userKey) {
      this.userKey = userKey;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder requestsPerSecond(double rate) {
      if (rate < 0 || Double.isNaN(rate)) {
        throw new IllegalArgumentException(
            "requestsPerSecond must be >= 0, got requestsPerSecond=" + rate);
      }
      this.requestsPerSecond = rate;
      return this;
    }

    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0, got maxRetries=" + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = backoff;
      return this;
    }

    public Builder gzipThresholdBytes(int bytes) {
      this.gzipThresholdBytes = bytes;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    public ClientOptions build() {
      return new ClientOptions(
          baseUrl,
          apiKey,
          userKey,
          connectTimeout,
          requestTimeout,
          requestsPerSecond,
          maxRetries,
          initialBackoff,
          gzipThresholdBytes,
          userAgent);
    }
  }
}
