package org.acoustid.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.acoustid.chromaprint.audio.AudioFiles;
import org.acoustid.client.AcoustIdClient;
import org.acoustid.client.ClientOptions;
import org.acoustid.client.LookupResult;
import org.acoustid.client.Meta;
import org.acoustid.client.Recording;
import org.acoustid.client.Submission;
import org.acoustid.client.SubmissionResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acoustid-client lookup|submit|identify}: the SDK from the shell. Keys come from options or
 * {@code ACOUSTID_API_KEY} / {@code ACOUSTID_USER_KEY}; {@code --base-url} points at a self-hosted
 * server. Exit codes: 0 success, 1 an API or I/O error (printed), 2 bad usage.
 */
@Command(
    name = "acoustid-client",
    mixinStandardHelpOptions = true,
    subcommands = {AcoustIdCli.Lookup.class, AcoustIdCli.Submit.class, AcoustIdCli.Identify.class},
    description = "Identify music with the AcoustID web service.")
public final class AcoustIdCli {
  @Option(names = "--api-key", description = "application key (default: $ACOUSTID_API_KEY)")
  String apiKey = System.getenv("ACOUSTID_API_KEY");

  @Option(names = "--user-key", description = "user key for submit (default: $ACOUSTID_USER_KEY)")
  String userKey = System.getenv("ACOUSTID_USER_KEY");

  @Option(names = "--base-url", description = "API root (default: ${DEFAULT-VALUE})")
  String baseUrl = ClientOptions.DEFAULT_BASE_URL;

  @Option(names = "--json", description = "print one JSON object per file")
  boolean json;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new AcoustIdCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + e.getMessage());
      return e instanceof IllegalArgumentException ? 2 : 1; // usage mistakes vs failures
    });
    return cli.execute(args);
  }

  AcoustIdClient client() {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("an API key is needed: --api-key or ACOUSTID_API_KEY");
    }
    ClientOptions.Builder options = ClientOptions.builder().apiKey(apiKey).baseUrl(baseUrl);
    if (userKey != null && userKey.isBlank() == false) {
      options.userKey(userKey);
    }
    return AcoustIdClient.create(options.build());
  }

  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Prints the best recordings of {@code results} for {@code file}. */
  void printMatches(PrintWriter out, Path file, List<LookupResult> results) {
    if (json) {
      StringBuilder line =
          new StringBuilder("{\"file\": ")
              .append(quote(file.toString()))
              .append(", \"results\": [");
      boolean first = true;
      for (LookupResult r : results) {
        for (Recording rec : r.recordings()) {
          line.append(first ? "" : ", ");
          first = false;
          line.append(
              String.format(
                  Locale.ROOT,
                  "{\"score\": %.4f, \"track\": %s, \"recording\": %s, \"artist\": %s, \"title\": %s}",
                  r.score(),
                  quote(r.trackId()),
                  quote(rec.id()),
                  quote(rec.artistName()),
                  quote(rec.title())));
        }
      }
      out.println(line.append("]}"));
      return;
    }
    if (results.isEmpty()) {
      out.println(file + ": no match");
      return;
    }
    for (LookupResult r : results) {
      for (Recording rec : r.recordings()) {
        out.printf(
            Locale.ROOT,
            "%s: %.2f %s %s - %s%n",
            file,
            r.score(),
            rec.id(),
            rec.artistName(),
            rec.title());
      }
      if (r.recordings().isEmpty()) {
        out.printf(Locale.ROOT, "%s: %.2f track %s%n", file, r.score(), r.trackId());
      }
    }
  }

  @Command(name = "lookup", description = "Fingerprint files and print their best recordings.")
  static final class Lookup implements Callable<Integer> {
    @CommandLine.ParentCommand AcoustIdCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
      AcoustIdClient client = parent.client();
      for (Path file : files) {
        parent.printMatches(
            spec.commandLine().getOut(), file, client.match(file, EnumSet.of(Meta.RECORDINGS)));
      }
      return 0;
    }
  }

  @Command(
      name = "submit",
      description = "Fingerprint files and submit them with a MusicBrainz recording id.")
  static final class Submit implements Callable<Integer> {
    @CommandLine.ParentCommand AcoustIdCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--mbid", description = "MusicBrainz recording id of all FILEs")
    String mbid;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
      AcoustIdClient client = parent.client();
      List<Submission> submissions = new ArrayList<>();
      for (Path file : files) {
        AcoustIdClient.FileFingerprint fp = AcoustIdClient.fingerprintFile(file);
        Submission.Builder b =
            Submission.builder(fp.fingerprint(), fp.durationSeconds())
                .fileFormat(AudioFiles.extension(file));
        if (mbid != null) {
          b.mbid(mbid);
        }
        submissions.add(b.build());
      }
      for (SubmissionResult r : client.submit(submissions)) {
        spec.commandLine()
            .getOut()
            .printf(
                Locale.ROOT, "%s: submission %d %s%n", files.get(r.entry()), r.id(), r.status());
      }
      return 0;
    }
  }

  @Command(
      name = "identify",
      description = "Look up every audio file under DIR, with a progress bar on stderr.")
  static final class Identify implements Callable<Integer> {
    @CommandLine.ParentCommand AcoustIdCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR")
    Path dir;

    @Override
    public Integer call() throws IOException {
      AcoustIdClient client = parent.client();
      List<Path> files = AudioFiles.under(dir);
      PrintWriter err = spec.commandLine().getErr();
      ProgressBar progress = new ProgressBar(err, "files", files.size());
      int failed = 0;
      for (Path file : files) {
        try {
          parent.printMatches(
              spec.commandLine().getOut(), file, client.match(file, EnumSet.of(Meta.RECORDINGS)));
        } catch (IOException e) {
          failed++;
          err.println("\r" + file + ": " + e.getMessage());
        }
        progress.step(1);
      }
      progress.finish();
      return failed == 0 ? 0 : 1;
    }
  }
}
