package org.acoustid.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.acoustid.client.AcoustIdClient;
import org.acoustid.client.ClientOptions;
import org.acoustid.fpindex.server.cluster.CoordinatorServer;
import org.acoustid.server.config.AcoustIdConfig;
import org.acoustid.server.cron.CronRunner;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.EmbeddedDatabase;
import org.acoustid.server.index.FingerprintFeed;
import org.acoustid.server.stats.LookupCounters;
import org.acoustid.server.tools.DirectoryImport;
import org.acoustid.server.tools.IndexRebuild;
import org.acoustid.server.web.ShutdownMarker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acoustid}: the service's command line: the {@code run} roles, database, application, user
 * and index commands. Configuration: {@code -c FILE} or {@code ACOUSTID_CONFIG}, then {@code
 * ACOUSTID_*} variables.
 */
@Command(
    name = "acoustid",
    mixinStandardHelpOptions = true,
    subcommands = {
      AcoustIdCommand.Run.class,
      AcoustIdCommand.Db.class,
      AcoustIdCommand.App.class,
      AcoustIdCommand.User.class,
      AcoustIdCommand.Import.class,
      AcoustIdCommand.Index.class
    },
    description = "The AcoustID web service.")
public final class AcoustIdCommand {
  @Option(
      names = {"-c", "--config"},
      description = "configuration file (default: $ACOUSTID_CONFIG)")
  Path config;

  public static void main(String[] args) {
    // before the first logger: the log format carries the process id, as upstream's does
    System.setProperty("acoustid.pid", Long.toString(ProcessHandle.current().pid()));
    try {
      org.acoustid.server.config.LoggingLevels.apply(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("acoustid: " + e.getMessage());
      System.exit(2);
    }
    CommandLine cli = new CommandLine(new AcoustIdCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // one line with the root cause (e.g. "Connection to 127.0.0.1:5432 refused"), no stack trace
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      commandLine
          .getErr()
          .println(
              "acoustid: " + e.getMessage() + (root != e ? " (" + root.getMessage() + ")" : ""));
      return 1;
    });
    System.exit(cli.execute(args));
  }

  AcoustIdConfig config() throws Exception {
    return AcoustIdConfig.fromEnvironment(config);
  }

  Database database() throws Exception {
    return Database.open(config().database());
  }

  /** True when a configuration file or a database variable says which PostgreSQL to use. */
  boolean hasDatabaseConfiguration() {
    return config != null
        || System.getenv("ACOUSTID_CONFIG") != null
        || System.getenv().keySet().stream().anyMatch(k -> k.startsWith("ACOUSTID_DATABASE_"));
  }

  @Command(
      name = "run",
      description =
          "Run roles of the service until SIGTERM: api, worker, cron, feed, or all (embedded).")
  static final class Run {
    @CommandLine.ParentCommand AcoustIdCommand parent;

    /** Options every role takes, written after the role: {@code run all --port 5000}. */
    static final class ServeOptions {
      @Option(names = "--host", defaultValue = "127.0.0.1", description = "API address")
      String host;

      @Option(names = "--port", defaultValue = "5000", description = "API port (0: any free port)")
      int port;

      @Option(
          names = "--index-dir",
          description = "in-process fingerprint index (default: [index] dir, data/index)")
      Path indexDir;
    }

    @Command(name = "api", description = "Serve API v2 on the configured database.")
    int api(@CommandLine.Mixin ServeOptions options) throws Exception {
      return serve(parent.database(), options, true, false, "API");
    }

    @Command(name = "worker", description = "Import pending submissions (any number may run).")
    int worker(@CommandLine.Mixin ServeOptions options) throws Exception {
      return serve(parent.database(), options, false, true, "import worker");
    }

    @Command(
        name = "cron",
        description = "Periodic jobs (daily stats); one leader at a time, others stand by.")
    int cron() throws Exception {
      Database db = parent.database();
      db.upgrade();
      AcoustIdConfig config = parent.config();
      LookupCounters counters =
          config.redisUrl() == null ? null : new LookupCounters(config.redisUrl(), "");
      CronRunner cron = new CronRunner(db.dataSource(), counters).start();
      System.err.println("acoustid: cron running (leader election by advisory lock)");
      ShutdownSequence.add(db);
      if (counters != null) {
        ShutdownSequence.add(counters);
      }
      ShutdownSequence.add(cron);
      Thread.currentThread().join();
      return 0;
    }

    @Command(
        name = "feed",
        description =
            "Serve the fingerprint changelog read-only over the fpindex coordinator protocol, so"
                + " fpindex-server replicas (--coordinator-url) follow the database.")
    int feed(
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "feed address")
            String host,
        @Option(names = "--port", defaultValue = "3033", description = "feed port (0: any)")
            int port)
        throws Exception {
      Database db = parent.database();
      db.upgrade();
      CoordinatorServer server =
          CoordinatorServer.start(host, port, new FingerprintFeed(db.dataSource()));
      System.err.println(
          "acoustid: fingerprint feed on http://"
              + host
              + ":"
              + server.port()
              + " (index "
              + FingerprintFeed.INDEX
              + ", generation "
              + FingerprintFeed.GENERATION
              + ")");
      ShutdownSequence.add(db);
      ShutdownSequence.add(server);
      Thread.currentThread().join();
      return 0;
    }

    @Command(
        name = "all",
        description =
            "API and worker in one process. Without a configuration file or ACOUSTID_DATABASE_*"
                + " variables it starts an embedded PostgreSQL under --data.")
    int all(
        @CommandLine.Mixin ServeOptions options,
        @Option(
                names = "--data",
                defaultValue = "data",
                description = "data directory (embedded database and index)")
            Path data)
        throws Exception {
      if (parent.hasDatabaseConfiguration()) {
        Database db = parent.database();
        ShutdownSequence.add(db);
        db.upgrade();
        startCron(db);
        return serve(db, options, true, true, "API, worker and cron");
      }
      System.err.println(
          "acoustid: starting the embedded PostgreSQL in " + data.resolve("postgres"));
      EmbeddedDatabase embedded = EmbeddedDatabase.start(data.resolve("postgres"));
      if (options.indexDir == null) {
        options.indexDir = data.resolve("index");
      }
      ShutdownSequence.add(embedded); // stopped last, after everything that uses it
      Database db = embedded.open(10);
      ShutdownSequence.add(db); // closed after the service and the cron, before the database
      db.upgrade();
      startCron(db); // one process does it all, periodic jobs included
      LocalKeys keys = LocalKeys.ensure(db.dataSource(), data);
      System.err.println(
          "acoustid: keys in "
              + data.resolve("keys.properties")
              + ": client="
              + keys.applicationKey()
              + " user="
              + keys.userKey());
      return serve(db, options, true, true, "API, worker and cron (embedded database)");
    }

    /** The periodic jobs in this process (leader election makes a second cron harmless). */
    private static void startCron(Database db) {
      CronRunner cron = new CronRunner(db.dataSource()).start();
      ShutdownSequence.add(cron);
    }

    private int serve(
        Database db, ServeOptions options, boolean runApi, boolean runWorker, String what)
        throws Exception {
      db.upgrade();
      AcoustIdConfig config = parent.config();
      Path index = options.indexDir != null ? options.indexDir : config.indexDirectory();
      ShutdownMarker marker = new ShutdownMarker(config.shutdownFile());
      if (runApi) {
        GracefulShutdown.install(
            marker, Duration.ofMillis((long) (config.shutdownDelaySeconds() * 1000)));
      }
      String host = options.host;
      AcoustIdService service =
          AcoustIdService.start(
              db.dataSource(),
              new AcoustIdService.Options(
                  index,
                  config.indexMaxDocsPerHash(),
                  config.indexUrls(),
                  config.indexName(),
                  config.searchTimeoutSeconds(),
                  runApi,
                  host,
                  options.port,
                  runWorker,
                  config.redisUrl(),
                  config.rateLimits(),
                  config.cluster(),
                  config.nats(),
                  config.musicBrainzUrl(),
                  config.websiteSecret(),
                  marker));
      System.err.println(
          "acoustid: "
              + what
              + " running"
              + (runApi ? " on http://" + host + ":" + service.port() + "/v2/" : ""));
      ShutdownSequence.add(db);
      ShutdownSequence.add(service);
      Thread.currentThread().join(); // until the process is stopped
      return 0;
    }
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("acoustid: while stopping: " + e);
    }
  }

  @Command(name = "db", description = "Database maintenance.")
  static final class Db {
    @CommandLine.ParentCommand AcoustIdCommand parent;

    @Command(name = "upgrade", description = "Apply pending schema migrations.")
    int upgrade() throws Exception {
      try (Database db = parent.database()) {
        System.out.println("applied " + db.upgrade() + " migration(s)");
      }
      return 0;
    }
  }

  @Command(name = "app", description = "Applications (API clients).")
  static final class App {
    @CommandLine.ParentCommand AcoustIdCommand parent;

    @Command(
        name = "create",
        description = "Create an application and print its API key (the client= parameter).")
    int create(
        @Parameters(paramLabel = "NAME") String name,
        @Option(names = "--version", defaultValue = "1.0") String version)
        throws Exception {
      try (Database db = parent.database()) {
        var owner = new AccountRepository(db.dataSource()).create(name + " owner");
        var app = new ApplicationRepository(db.dataSource()).create(name, version, owner.id());
        System.out.println(app.apiKey());
      }
      return 0;
    }
  }

  @Command(name = "user", description = "User accounts.")
  static final class User implements Callable<Integer> {
    @CommandLine.ParentCommand AcoustIdCommand parent;

    @Override
    public Integer call() {
      CommandLine.usage(this, System.out);
      return 2;
    }

    @Command(
        name = "create",
        description = "Create a user and print its API key (the user= parameter of submit).")
    int create(@Parameters(paramLabel = "NAME") String name) throws Exception {
      try (Database db = parent.database()) {
        System.out.println(new AccountRepository(db.dataSource()).create(name).apiKey());
      }
      return 0;
    }
  }

  @Command(
      name = "import",
      description =
          "Fingerprint every audio file under DIR (pure Java) and submit it with its tags to a"
              + " running service; resumable.")
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR")
    Path dir;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:5000/v2/", description = "API base")
    String url;

    @Option(
        names = "--data",
        defaultValue = "data",
        description = "all-in-one data directory, for its keys.properties and the state file")
    Path data;

    @Option(names = "--client", description = "application key (default: DATA/keys.properties)")
    String client;

    @Option(names = "--user", description = "user key (default: DATA/keys.properties)")
    String user;

    @Option(names = "--state", description = "submitted files (default: DATA/import.state)")
    Path state;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(dir)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "not a directory: " + dir);
      }
      if (client == null || user == null) {
        Properties keys = new Properties();
        Path file = data.resolve("keys.properties");
        if (!Files.exists(file)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "give --client and --user, or run 'run all' once to create " + file);
        }
        try (var in = Files.newBufferedReader(file)) {
          keys.load(in);
        }
        client = client != null ? client : keys.getProperty("client");
        user = user != null ? user : keys.getProperty("user");
      }
      Files.createDirectories(data);
      AcoustIdClient api =
          AcoustIdClient.create(
              ClientOptions.builder()
                  .baseUrl(url)
                  .apiKey(client)
                  .userKey(user)
                  .requestsPerSecond(50)
                  .build());
      var err = spec.commandLine().getErr();
      var result =
          new DirectoryImport(api, state != null ? state : data.resolve("import.state"), err)
              .run(dir);
      err.printf(
          "acoustid: submitted %d, already done %d, failed %d%n",
          result.submitted(), result.skipped(), result.failed());
      return result.failed() == 0 ? 0 : 1;
    }
  }

  @Command(name = "index", description = "The in-process fingerprint index.")
  static final class Index implements Callable<Integer> {
    @CommandLine.ParentCommand AcoustIdCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      CommandLine.usage(this, System.out);
      return 2;
    }

    @Command(
        name = "rebuild",
        description =
            "Rebuild the index from PostgreSQL into a fresh directory and swap it in (stop the"
                + " processes using it first).")
    int rebuild(
        @Option(names = "--index-dir", description = "default: [index] dir, or DATA/index")
            Path indexDir,
        @Option(
                names = "--data",
                defaultValue = "data",
                description = "all-in-one data directory (when no database is configured)")
            Path data)
        throws Exception {
      if (parent.hasDatabaseConfiguration()) {
        Path dir = indexDir != null ? indexDir : parent.config().indexDirectory();
        try (Database db = parent.database()) {
          rebuild(db, dir);
        }
      } else {
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data.resolve("postgres"));
            Database db = embedded.open(2)) {
          rebuild(db, indexDir != null ? indexDir : data.resolve("index"));
        }
      }
      return 0;
    }

    private void rebuild(Database db, Path dir) throws Exception {
      db.upgrade();
      long n = IndexRebuild.rebuild(db.dataSource(), dir, spec.commandLine().getErr());
      System.out.println("indexed " + n + " fingerprint(s) into " + dir);
    }
  }
}
