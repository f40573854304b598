package org.acoustid.server.api.v2;

import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.AccountRepository.Account;
import org.acoustid.server.db.AccountRepository.Origin;
import org.acoustid.server.db.ApplicationRepository;

/**
 * The user-key endpoints: {@code /v2/user/lookup} (§4.7), {@code /v2/user/create_anonymous} (§4.8)
 * and {@code /v2/user/create_musicbrainz} (§4.9). Each answers {@code {"user": {"apikey"}}}.
 */
public final class UserEndpoint {
  private final DataSource db;

  public UserEndpoint(DataSource db) {
    this.db = db;
  }

  /** Answers the key of an existing account (checked in the database, uncached); else 6. */
  public Map<String, Object> lookup(String userKey) throws Exception {
    Account account =
        new AccountRepository(db)
            .findByApiKey(required(userKey, "user"))
            .orElseThrow(() -> new ApiException(ApiError.invalidUserApiKey()));
    return answer(account);
  }

  /**
   * Creates an account named {@code Anonymous} for the application of {@code client} (else 2 or 4),
   * remembering the application, its version and the client's address.
   */
  public Map<String, Object> createAnonymous(String client, String clientVersion, String clientIp)
      throws Exception {
    var app =
        new ApplicationRepository(db)
            .findActiveByApiKey(required(client, "client"))
            .orElseThrow(() -> new ApiException(ApiError.invalidApiKey()));
    Origin origin = new Origin(app.id(), clientVersion, clientIp, null);
    return answer(new AccountRepository(db).insert("Anonymous", origin).orElseThrow());
  }

  /**
   * The account of the MusicBrainz user that {@code accessToken} belongs to, created on first use
   * (name and {@code mbuser} = the MusicBrainz user name). Errors: 2 without a token, 16 when the
   * request did not arrive over HTTPS (checked before MusicBrainz is asked, so the token goes no
   * further), 15 when MusicBrainz does not accept the token; 5 when it cannot be reached in time.
   */
  public Map<String, Object> createMusicBrainz(
      String accessToken, boolean https, String clientIp, MusicBrainzOAuth musicBrainz)
      throws Exception {
    String token = required(accessToken, "access_token");
    if (!https) {
      throw new ApiException(ApiError.insecureRequest());
    }
    String mbuser =
        musicBrainz
            .userName(token)
            .orElseThrow(() -> new ApiException(ApiError.invalidMusicBrainzAccessToken()));
    AccountRepository accounts = new AccountRepository(db);
    Optional<Account> existing = accounts.findByMusicBrainzUser(mbuser);
    if (existing.isPresent()) {
      return answer(existing.get());
    }
    Optional<Account> created = accounts.insert(mbuser, new Origin(null, null, clientIp, mbuser));
    if (created.isEmpty()) { // a concurrent request created it a moment ago
      created = accounts.findByMusicBrainzUser(mbuser);
    }
    return answer(created.orElseThrow());
  }

  private static String required(String value, String name) throws ApiException {
    if (value == null || value.isEmpty()) {
      throw new ApiException(ApiError.missingParameter(name));
    }
    return value;
  }

  private static Map<String, Object> answer(Account account) {
    return Map.of("user", Map.of("apikey", account.apiKey()));
  }
}
