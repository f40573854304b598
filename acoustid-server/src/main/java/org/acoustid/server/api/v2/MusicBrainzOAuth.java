package org.acoustid.server.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Who a MusicBrainz OAuth access token belongs to: {@code GET
 * <base>/oauth2/userinfo?access_token=…} (specification §4.9), with a short timeout so a slow
 * MusicBrainz cannot hold API requests. The base URL is configurable ({@code [musicbrainz]
 * base_url}) so tests can point it at a stub. Thread-safe; one instance serves the process.
 */
public final class MusicBrainzOAuth {
  /** Connection and answer deadline of one user-info call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;

  public MusicBrainzOAuth(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The MusicBrainz user name ({@code sub}) of {@code accessToken}; empty when MusicBrainz does not
   * answer 200 (the token is not valid). Throws {@link IOException} when MusicBrainz cannot be
   * reached in time or answers 200 without a user name; the message never contains the token.
   */
  public Optional<String> userName(String accessToken) throws IOException, InterruptedException {
    URI uri =
        URI.create(
            baseUrl
                + "/oauth2/userinfo?access_token="
                + URLEncoder.encode(accessToken, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(
          "MusicBrainz user info from " + baseUrl + " failed: " + e.getClass().getSimpleName(), e);
    }
    if (response.statusCode() != 200) {
      return Optional.empty();
    }
    JsonNode sub;
    try {
      sub = JSON.readTree(response.body()).path("sub");
    } catch (IOException e) {
      throw new IOException("MusicBrainz user info from " + baseUrl + " is not JSON", e);
    }
    if (!sub.isTextual() || sub.asText().isEmpty()) {
      throw new IOException("MusicBrainz user info from " + baseUrl + " has no user name (sub)");
    }
    return Optional.of(sub.asText());
  }
}
