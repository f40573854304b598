package org.acoustid.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.acoustid.chromaprint.Algorithm;
import org.acoustid.chromaprint.FingerprintComparator;
import org.acoustid.chromaprint.JavaFingerprinter;
import org.acoustid.chromaprint.QueryExtractor;
import org.acoustid.chromaprint.audio.AudioDecoder;
import org.acoustid.chromaprint.audio.PcmAudio;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.fpindex.SearchRequest;

/**
 * A private matcher without any server: index the fingerprints of a folder in an in-process
 * fpindex, then identify a query file the way AcoustID does (index search on the extracted query,
 * then compare2 on the full fingerprints, threshold 0.4).
 *
 * <pre>java ... org.acoustid.examples.PrivateMatcher LIBRARY_DIR QUERY_FILE</pre>
 */
public final class PrivateMatcher implements AutoCloseable {
  /** AcoustID's threshold for a lookup result. */
  static final float MIN_SCORE = 0.4f;

  private final FpIndex index = FpIndex.inMemory(FpIndexConfig.builder().build());
  private final List<Path> files = new ArrayList<>();
  private final List<int[]> fingerprints = new ArrayList<>();

  public record Match(Path file, float score) {}

  static int[] fingerprint(Path file) throws IOException {
    PcmAudio audio = AudioDecoder.read(file);
    JavaFingerprinter fp = new JavaFingerprinter(Algorithm.DEFAULT);
    fp.start(audio.sampleRate(), audio.channels());
    fp.feed(audio.samples(), 0, audio.samples().length);
    fp.finish();
    return fp.rawFingerprint();
  }

  /** Adds a file to the library; its id is its position + 1. */
  public void add(Path file) throws IOException {
    int[] raw = fingerprint(file);
    files.add(file);
    fingerprints.add(raw);
    index.update(
        List.of(new Insert(files.size(), QueryExtractor.extract(raw))), OptionalLong.empty());
  }

  /** Library files matching {@code query}, best first. */
  public List<Match> identify(Path query) throws IOException {
    int[] raw = fingerprint(query);
    List<Match> matches = new ArrayList<>();
    for (SearchHit hit : index.search(SearchRequest.of(QueryExtractor.extract(raw))).hits()) {
      float score =
          FingerprintComparator.compare2(
              raw, fingerprints.get(hit.id() - 1), FingerprintComparator.SERVER_MAX_OFFSET);
      if (score >= MIN_SCORE) {
        matches.add(new Match(files.get(hit.id() - 1), score));
      }
    }
    matches.sort((a, b) -> Float.compare(b.score(), a.score()));
    return matches;
  }

  @Override
  public void close() {
    index.close();
  }

  public static void main(String[] args) throws IOException {
    try (PrivateMatcher matcher = new PrivateMatcher();
        Stream<Path> library = Files.list(Path.of(args[0]))) {
      for (Path file :
          library
              .filter(p -> p.toString().matches("(?i).*\\.(wav|aiff?|au|mp3|ogg)"))
              .sorted()
              .toList()) {
        matcher.add(file);
      }
      for (Match m : matcher.identify(Path.of(args[1]))) {
        System.out.printf("%.3f %s%n", m.score(), m.file());
      }
    }
  }
}
