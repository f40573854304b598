package org.acoustid.server.db;

import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.acoustid.server.db.AccountRepository.Account;
import org.acoustid.server.db.ApplicationRepository.Application;

/**
 * The API-key caches of specification §12.4: active application by {@code client} key and account
 * by {@code user} key, separately, 60 s and 1000 entries each, unknown keys cached too. Keys are
 * random secrets, so one cannot be asked for before it exists; a disabled application stops within
 * a minute, a re-enabled one works again within a minute.
 */
public final class ApiKeyCache {
  static final long TTL_NANOS = 60_000_000_000L;
  static final int MAX_ENTRIES = 1000;

  private final KeyCache<Application> applications;
  private final KeyCache<Account> accounts;

  public ApiKeyCache(DataSource db) {
    ApplicationRepository apps = new ApplicationRepository(db);
    AccountRepository users = new AccountRepository(db);
    this.applications = new KeyCache<>(TTL_NANOS, MAX_ENTRIES, apps::findActiveByApiKey);
    this.accounts = new KeyCache<>(TTL_NANOS, MAX_ENTRIES, users::findByApiKey);
  }

  /** The active application of a {@code client} key. */
  public Optional<Application> findActiveApplication(String apiKey) throws SQLException {
    return applications.get(apiKey);
  }

  /** The account of a {@code user} key. */
  public Optional<Account> findAccount(String apiKey) throws SQLException {
    return accounts.get(apiKey);
  }
}
