package org.acoustid.examples;

import java.nio.file.Path;
import java.util.Set;
import org.acoustid.client.AcoustIdClient;
import org.acoustid.client.ClientOptions;
import org.acoustid.client.LookupResult;
import org.acoustid.client.Meta;
import org.acoustid.client.Recording;

/**
 * Identify one audio file in three lines: fingerprint it in pure Java and ask AcoustID.
 *
 * <pre>java ... org.acoustid.examples.IdentifyFile YOUR_API_KEY song.mp3 [BASE_URL]</pre>
 */
public final class IdentifyFile {
  private IdentifyFile() {}

  public static void main(String[] args) throws Exception {
    ClientOptions.Builder options = ClientOptions.builder().apiKey(args[0]);
    if (args.length > 2) {
      options.baseUrl(args[2]); // a self-hosted acoustid-server
    }
    AcoustIdClient client = AcoustIdClient.create(options.build());
    for (LookupResult result : client.match(Path.of(args[1]), Set.of(Meta.RECORDINGS))) {
      for (Recording recording : result.recordings()) {
        System.out.printf(
            "%.2f %s %s - %s%n",
            result.score(), recording.id(), recording.artistName(), recording.title());
      }
    }
  }
}
