package org.acoustid.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.acoustid.client.AcoustIdClient;
import org.acoustid.client.ClientOptions;
import org.acoustid.client.Submission;
import org.acoustid.client.SubmissionResult;

/**
 * Fingerprint every WAV/AIFF/AU/MP3/Ogg file of a folder and submit them, tagged with the folder
 * name as album; the client splits the batch into requests the service accepts.
 *
 * <pre>java ... org.acoustid.examples.SubmitFolder API_KEY USER_KEY DIR [BASE_URL]</pre>
 */
public final class SubmitFolder {
  private SubmitFolder() {}

  public static void main(String[] args) throws Exception {
    ClientOptions.Builder options = ClientOptions.builder().apiKey(args[0]).userKey(args[1]);
    if (args.length > 3) {
      options.baseUrl(args[3]);
    }
    AcoustIdClient client = AcoustIdClient.create(options.build());
    Path dir = Path.of(args[2]);
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> p.toString().matches("(?i).*\\.(wav|aiff?|au|mp3|ogg)"))
              .sorted()
              .toList();
    }
    List<Submission> submissions = new ArrayList<>();
    for (Path file : files) {
      AcoustIdClient.FileFingerprint fp = AcoustIdClient.fingerprintFile(file);
      submissions.add(
          Submission.builder(fp.fingerprint(), fp.durationSeconds())
              .track(file.getFileName().toString())
              .album(dir.getFileName().toString())
              .build());
    }
    for (SubmissionResult r : client.submit(submissions)) {
      System.out.println(files.get(r.entry()) + ": submission " + r.id() + " " + r.status());
    }
  }
}
