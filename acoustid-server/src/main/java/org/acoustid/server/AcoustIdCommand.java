package org.acoustid.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.acoustid.server.config.AcoustIdConfig;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acoustid}: the service's command line. This slice has the database commands; the {@code
 * run} roles follow. Configuration: {@code -c FILE} or {@code ACOUSTID_CONFIG}, then {@code
 * ACOUSTID_*} variables.
 */
@Command(
    name = "acoustid",
    mixinStandardHelpOptions = true,
    subcommands = {
      AcoustIdCommand.Run.class,
      AcoustIdCommand.Db.class,
      AcoustIdCommand.App.class,
      AcoustIdCommand.User.class
    },
    description = "The AcoustID web service.")
public final class AcoustIdCommand {
  @Option(
      names = {"-c", "--config"},
      description = "configuration file (default: $ACOUSTID_CONFIG)")
  Path config;

  public static void main(String[] args) {
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

  Database database() throws Exception {
    return Database.open(AcoustIdConfig.fromEnvironment(config).database());
  }

  @Command(name = "run", description = "Run a role of the service (this build: api).")
  static final class Run {
    @CommandLine.ParentCommand AcoustIdCommand parent;

    @Command(
        name = "api",
        description = "Serve API v2 (the endpoints implemented so far) until SIGTERM.")
    int api(
        @Option(names = "--host", defaultValue = "127.0.0.1") String host,
        @Option(names = "--port", defaultValue = "5000") int port)
        throws Exception {
      Database db = parent.database();
      db.upgrade();
      org.acoustid.server.web.ApiServer server =
          org.acoustid.server.web.ApiServer.start(host, port, db.dataSource());
      System.err.println("acoustid: API on http://" + host + ":" + server.port() + "/v2/");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> {
                server.close();
                db.close();
              }));
      Thread.currentThread().join(); // until the process is stopped
      return 0;
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
}
