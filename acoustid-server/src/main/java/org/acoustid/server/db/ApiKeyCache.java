package org.acoustid.server.db;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import javax.sql.DataSource;
import org.acoustid.server.db.AccountRepository.Account;
import org.acoustid.server.db.ApplicationRepository.Application;

/**
 * The API-key caches of specification §12.4: active application by {@code client} key and account
 * by {@code user} key, separately, 60 s and 1000 entries each, unknown keys cached too; a {@code
 * client} key that is no application's may be the day's demo key ({@link DemoKey}). Keys are random
 * secrets, so one cannot be asked for before it exists; a disabled application stops within a
 * minute, a re-enabled one works again within a minute.
 */
public final class ApiKeyCache {
  static final long TTL_NANOS = 60_000_000_000L;
  static final int MAX_ENTRIES = 1000;

  private final String demoSecret;
  private final KeyCache<Application> applications;
  private final KeyCache<Account> accounts;

  public ApiKeyCache(DataSource db) {
    this(db, null);
  }

  /**
   * @param demoSecret {@code [website] secret}, from which the day's demo key derives (§3.2); null:
   *     no demo key
   */
  public ApiKeyCache(DataSource db, String demoSecret) {
    this.demoSecret = demoSecret;
    ApplicationRepository apps = new ApplicationRepository(db);
    AccountRepository users = new AccountRepository(db);
    this.applications =
        new KeyCache<>(
            TTL_NANOS,
            MAX_ENTRIES,
            key -> {
              Optional<Application> found = apps.findActiveByApiKey(key);
              if (found.isEmpty() && isDemoKey(key)) {
                return apps.findActive(DemoKey.APPLICATION_ID);
              }
              return found;
            });
    this.accounts = new KeyCache<>(TTL_NANOS, MAX_ENTRIES, users::findByApiKey);
  }

  /** The active application of a {@code client} key. */
  public Optional<Application> findActiveApplication(String apiKey) throws SQLException {
    return applications.get(apiKey);
  }

  /** True when {@code key} is today's demo key (§3.2) under the configured website secret. */
  public boolean isDemoKey(String key) {
    return DemoKey.isValid(demoSecret, key, LocalDate.now());
  }

  /** The account of a {@code user} key. */
  public Optional<Account> findAccount(String apiKey) throws SQLException {
    return accounts.get(apiKey);
  }
}
