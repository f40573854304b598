package org.acoustid.server.db;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.acoustid.server.db.ApplicationRepository.Application;

/**
 * Active applications by API key, remembered for 60 s (specification §12: the key cache), so a
 * lookup does not pay a database round trip for its {@code client} key. Only found keys are cached:
 * a key created a moment ago works at once, and a disabled one stops within a minute.
 */
public final class ApplicationCache {
  static final long TTL_NANOS = 60_000_000_000L;
  static final int MAX_ENTRIES = 10_000;

  private record Entry(Application application, long expires) {}

  private final ApplicationRepository repository;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public ApplicationCache(DataSource db) {
    this.repository = new ApplicationRepository(db);
  }

  public Optional<Application> findActiveByApiKey(String apiKey) throws SQLException {
    long now = System.nanoTime();
    Entry e = entries.get(apiKey);
    if (e != null && now - e.expires() < 0) {
      return Optional.of(e.application());
    }
    Optional<Application> found = repository.findActiveByApiKey(apiKey);
    if (found.isPresent()) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear(); // crude but bounded; keys are re-read within one round trip
      }
      entries.put(apiKey, new Entry(found.get(), now + TTL_NANOS));
    } else {
      entries.remove(apiKey);
    }
    return found;
  }
}
