package org.acoustid.server.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.acoustid.chromaprint.audio.AudioFiles;
import org.acoustid.chromaprint.audio.AudioTags;
import org.acoustid.cli.ProgressBar;
import org.acoustid.client.AcoustIdClient;
import org.acoustid.client.Submission;
import org.acoustid.client.SubmissionResult;

/**
 * {@code acoustid import DIR}: fingerprints every audio file under a directory with the Java
 * Chromaprint (in parallel), submits it with the tags it can read through the API, and records each
 * submitted file (size, modification time, path) in a state file, so an interrupted run resumes
 * where it stopped and a changed file is submitted again. A file without any tag is submitted with
 * its file name as the title, so it can still be stored and found.
 */
public final class DirectoryImport {
  static final int BATCH = 20;

  private final AcoustIdClient client;
  private final Path stateFile;
  private final PrintWriter err;

  public DirectoryImport(AcoustIdClient client, Path stateFile, PrintWriter err) {
    this.client = client;
    this.stateFile = stateFile;
    this.err = err;
  }

  /** Counts of one run. */
  public record Result(int submitted, int skipped, int failed) {}

  public Result run(Path dir) throws IOException, InterruptedException {
    List<Path> files = AudioFiles.under(dir);
    Set<String> done = loadState();
    List<Path> todo = new ArrayList<>();
    for (Path f : files) {
      if (!done.contains(stateLine(f))) {
        todo.add(f);
      }
    }
    int skipped = files.size() - todo.size();
    if (skipped > 0) {
      err.println("acoustid: " + skipped + " file(s) already submitted (" + stateFile + ")");
    }
    ProgressBar progress = new ProgressBar(err, "files", todo.size());
    int submitted = 0;
    int failed = 0;
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    try (Writer state =
        Files.newBufferedWriter(
            stateFile,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND)) {
      for (int from = 0; from < todo.size(); from += BATCH) {
        List<Path> batch = todo.subList(from, Math.min(todo.size(), from + BATCH));
        List<Future<Submission>> prepared = new ArrayList<>();
        for (Path f : batch) {
          prepared.add(pool.submit(() -> prepare(f)));
        }
        List<Submission> submissions = new ArrayList<>();
        List<Path> sent = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          try {
            submissions.add(prepared.get(i).get());
            sent.add(batch.get(i));
          } catch (ExecutionException e) {
            failed++;
            err.println("\r" + batch.get(i) + ": " + e.getCause().getMessage());
            progress.step(1);
          }
        }
        if (submissions.isEmpty()) {
          continue;
        }
        List<SubmissionResult> results = client.submit(submissions);
        Set<Integer> accepted = new HashSet<>();
        for (SubmissionResult r : results) {
          accepted.add(r.entry());
        }
        for (int i = 0; i < sent.size(); i++) {
          if (accepted.contains(i)) {
            submitted++;
            state.write(stateLine(sent.get(i)) + "\n");
          } else {
            failed++;
            err.println("\r" + sent.get(i) + ": not accepted by the server");
          }
        }
        state.flush();
        progress.step(sent.size());
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
    return new Result(submitted, skipped, failed);
  }

  static Submission prepare(Path file) throws IOException {
    AcoustIdClient.FileFingerprint fp = AcoustIdClient.fingerprintFile(file);
    AudioTags tags = AudioTags.read(file);
    Submission.Builder b =
        Submission.builder(fp.fingerprint(), fp.durationSeconds())
            .fileFormat(AudioFiles.extension(file));
    boolean anyText = tags.title() != null || tags.artist() != null || tags.album() != null;
    if (tags.recordingMbid() != null) {
      b.mbid(tags.recordingMbid());
    }
    if (tags.title() != null) {
      b.track(tags.title());
    } else if (!anyText && tags.recordingMbid() == null) {
      String name = file.getFileName().toString();
      b.track(name.substring(0, name.length() - AudioFiles.extension(file).length() - 1));
    }
    if (tags.artist() != null) {
      b.artist(tags.artist());
    }
    if (tags.album() != null) {
      b.album(tags.album());
    }
    if (tags.albumArtist() != null) {
      b.albumArtist(tags.albumArtist());
    }
    if (tags.trackNo() != null && tags.trackNo() > 0) {
      b.trackNo(tags.trackNo());
    }
    if (tags.discNo() != null && tags.discNo() > 0) {
      b.discNo(tags.discNo());
    }
    if (tags.year() != null && tags.year() > 0) {
      b.year(tags.year());
    }
    return b.build();
  }

  private Set<String> loadState() throws IOException {
    Set<String> done = new HashSet<>();
    if (Files.exists(stateFile)) {
      done.addAll(Files.readAllLines(stateFile, StandardCharsets.UTF_8));
    }
    return done;
  }

  /** What identifies a submitted file: size, modification time and absolute path. */
  static String stateLine(Path file) throws IOException {
    return Files.size(file)
        + "\t"
        + Files.getLastModifiedTime(file).toMillis()
        + "\t"
        + file.toAbsolutePath().normalize();
  }
}
