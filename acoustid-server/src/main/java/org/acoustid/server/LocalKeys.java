package org.acoustid.server;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;

/**
 * The keys of the all-in-one mode: one application ({@code client=}) and one user ({@code user=})
 * created on first start and kept in {@code DIR/keys.properties}, so a newcomer can submit and look
 * up at once, and the keys stay the same across restarts.
 */
record LocalKeys(String applicationKey, String userKey) {
  static LocalKeys ensure(DataSource db, Path directory) throws IOException, SQLException {
    Path file = directory.resolve("keys.properties");
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        p.load(in);
      }
      String app = p.getProperty("client");
      String user = p.getProperty("user");
      if (app != null
          && user != null
          && new ApplicationRepository(db).findActiveByApiKey(app).isPresent()
          && new AccountRepository(db).findByApiKey(user).isPresent()) {
        return new LocalKeys(app, user);
      }
    }
    var account = new AccountRepository(db).create("local");
    var app = new ApplicationRepository(db).create("local", "1.0", account.id());
    Properties p = new Properties();
    p.setProperty("client", app.apiKey());
    p.setProperty("user", account.apiKey());
    Path tmp = directory.resolve("keys.properties.tmp");
    try (Writer out = Files.newBufferedWriter(tmp)) {
      p.store(out, "API keys of the all-in-one mode: client= (application) and user= (submit)");
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new LocalKeys(app.apiKey(), account.apiKey());
  }
}
