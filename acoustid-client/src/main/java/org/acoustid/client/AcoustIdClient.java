package org.acoustid.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.acoustid.chromaprint.Algorithm;
import org.acoustid.chromaprint.JavaFingerprinter;
import org.acoustid.chromaprint.audio.AudioDecoder;
import org.acoustid.chromaprint.audio.PcmAudio;

/**
 * The AcoustID web service (API v2) from Java.
 *
 * <pre>{@code
 * AcoustIdClient client = AcoustIdClient.create(ClientOptions.builder().apiKey("YOUR_KEY").build());
 * List<LookupResult> results = client.lookup(fingerprint, 641, Set.of(Meta.RECORDINGS));
 * results.get(0).recordings().get(0).title();
 * }</pre>
 *
 * <p>Every call is a form-encoded POST ({@code format=json}), gzip-compressed when large, paced by
 * the client-wide rate limit (3 requests/s by default, what the service asks of a client) and
 * retried with exponential backoff on 429, 5xx and timeouts, never on other 4xx. Batches are split
 * automatically to stay under the service's limits (100 submissions and 1 MiB per request, 20
 * fingerprints per batched lookup).
 *
 * <p>Failures: {@link AcoustIdApiException} when the service answered with an error (it carries the
 * API code), a plain {@link IOException} for transport failures, timeouts and malformed answers.
 * <b>A failed submit may still have reached the server</b> (for example when the connection broke
 * after the request was sent); submitting again can store the fingerprint twice, which the service
 * tolerates.
 *
 * <p>Thread-safe; share one instance. It holds no resources that need closing.
 */
public final class AcoustIdClient {
  /** Fingerprints per batched lookup request, the service's limit. */
  static final int MAX_LOOKUP_BATCH = 20;

  /** MBIDs per list_by_mbid request, to keep bodies small. */
  static final int MAX_MBID_BATCH = 100;

  private final ClientOptions options;
  private final HttpClient http;
  private final RequestPacer pacer;
  private final RetryPolicy retries;

  private AcoustIdClient(ClientOptions options) {
    this.options = options;
    this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
    this.pacer = RequestPacer.systemClock(options.requestsPerSecond());
    this.retries = new RetryPolicy(options.maxRetries(), options.initialBackoff());
  }

  public static AcoustIdClient create(ClientOptions options) {
    return new AcoustIdClient(options);
  }

  public ClientOptions options() {
    return options;
  }

  /** A fingerprint with its duration, for {@link #lookupBatch}. */
  public record FingerprintQuery(String fingerprint, int durationSeconds) {
    public FingerprintQuery {
      if (fingerprint == null || fingerprint.isEmpty()) {
        throw new IllegalArgumentException("fingerprint must not be empty");
      }
      if (durationSeconds <= 0) {
        throw new IllegalArgumentException(
            "durationSeconds must be positive, got durationSeconds=" + durationSeconds);
      }
    }
  }

  /** Tracks matching a compressed fingerprint (base64, as fpcalc prints it), best first. */
  public List<LookupResult> lookup(String fingerprint, int durationSeconds, Set<Meta> meta)
      throws IOException {
    FingerprintQuery query = new FingerprintQuery(fingerprint, durationSeconds);
    FormBody form = withClient().add("meta", metaParameter(meta));
    form.add("fingerprint", query.fingerprint()).add("duration", query.durationSeconds());
    return ResponseParser.lookupResults(call("lookup", form).get("results"));
  }

  /** Seconds of audio fingerprinted by {@link #match}, as pyacoustid and Picard do. */
  public static final int MATCH_MAX_SECONDS = 120;

  /**
   * Identifies an audio file: decodes it (WAV in Java, other formats with ffmpeg), fingerprints its
   * first {@value #MATCH_MAX_SECONDS} s with the pure-Java Chromaprint, and looks the fingerprint
   * up with {@code meta} (recordings by default when {@code meta} is empty). Results best first.
   */
  public List<LookupResult> match(Path audioFile, Set<Meta> meta) throws IOException {
    FileFingerprint fp = fingerprintFile(audioFile);
    return lookup(
        fp.fingerprint(), fp.durationSeconds(), meta.isEmpty() ? Set.of(Meta.RECORDINGS) : meta);
  }

  /**
   * A file's compressed fingerprint and its duration in whole seconds, as lookup and submit take
   * them.
   */
  public record FileFingerprint(String fingerprint, int durationSeconds) {}

  /**
   * Decodes {@code audioFile} (WAV/AIFF/AU in Java, other formats with ffmpeg) and fingerprints its
   * first {@value #MATCH_MAX_SECONDS} s, like pyacoustid's {@code fingerprint_file}.
   */
  public static FileFingerprint fingerprintFile(Path audioFile) throws IOException {
    PcmAudio audio = AudioDecoder.read(audioFile);
    JavaFingerprinter fingerprinter = new JavaFingerprinter(Algorithm.DEFAULT);
    fingerprinter.start(audio.sampleRate(), audio.channels());
    long limit = (long) MATCH_MAX_SECONDS * audio.sampleRate() * audio.channels();
    fingerprinter.feed(audio.samples(), 0, (int) Math.min(audio.samples().length, limit));
    fingerprinter.finish();
    if (fingerprinter.rawFingerprint().length == 0) {
      throw new IOException(
          audioFile + ": too short to fingerprint (at least about 3 s of audio are needed)");
    }
    return new FileFingerprint(
        fingerprinter.fingerprint(), Math.max(1, (int) audio.durationSeconds()));
  }

  /** The track itself (score 1.0) with its metadata, or an empty list when the id is unknown. */
  public List<LookupResult> lookupByTrackId(String trackId, Set<Meta> meta) throws IOException {
    FormBody form = withClient().add("meta", metaParameter(meta)).add("trackid", trackId);
    return ResponseParser.lookupResults(call("lookup", form).get("results"));
  }

  /** Results per query, in query order; split into requests of {@value #MAX_LOOKUP_BATCH}. */
  public List<List<LookupResult>> lookupBatch(List<FingerprintQuery> queries, Set<Meta> meta)
      throws IOException {
    List<List<LookupResult>> out = new ArrayList<>(queries.size());
    for (int start = 0; start < queries.size(); start += MAX_LOOKUP_BATCH) {
      List<FingerprintQuery> slice =
          queries.subList(start, Math.min(queries.size(), start + MAX_LOOKUP_BATCH));
      FormBody form = withClient().add("meta", metaParameter(meta)).add("batch", 1);
      for (int i = 0; i < slice.size(); i++) {
        form.add("fingerprint." + i, slice.get(i).fingerprint());
        form.add("duration." + i, slice.get(i).durationSeconds());
      }
      Object entries = call("lookup", form).get("fingerprints");
      List<LookupResult>[] byIndex = byIndex(entries, slice.size());
      for (List<LookupResult> results : byIndex) {
        out.add(results == null ? List.of() : results);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<LookupResult>[] byIndex(Object entries, int size) throws IOException {
    List<LookupResult>[] byIndex = new List[size];
    if (entries instanceof List<?> list) {
      for (Object entry : list) {
        if (entry instanceof Map<?, ?> m && m.get("index") instanceof Number n) {
          int index = n.intValue();
          if (index < 0 || index >= size) {
            throw new IOException("lookup answer names entry " + index + " of " + size);
          }
          byIndex[index] = ResponseParser.lookupResults(m.get("results"));
        }
      }
    }
    return byIndex;
  }

  /** Submits one fingerprint; see {@link #submit(List)}. */
  public List<SubmissionResult> submit(Submission submission) throws IOException {
    return submit(List.of(submission));
  }

  /**
   * Submits fingerprints with the user key of the options, split into requests the service accepts.
   * Returns the stored submissions (one per MBID; none for entries the service drops for carrying
   * no metadata at all), with {@link SubmissionResult#entry()} pointing into {@code submissions}.
   * On failure, requests before the failing one were stored.
   */
  public List<SubmissionResult> submit(List<Submission> submissions) throws IOException {
    if (options.userKey() == null) {
      throw new IllegalStateException(
          "submit needs a user key: ClientOptions.builder().userKey(...)");
    }
    List<SubmissionResult> out = new ArrayList<>();
    int offset = 0;
    for (List<Submission> batch :
        SubmissionBatches.split(
            submissions, SubmissionBatches.MAX_ENTRIES, SubmissionBatches.MAX_BODY_BYTES)) {
      FormBody form = withClient().add("user", options.userKey());
      for (int i = 0; i < batch.size(); i++) {
        form.addAll(batch.get(i).formFields(i));
      }
      Object items = call("submit", form).get("submissions");
      if (items instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Map<?, ?> m && m.get("id") instanceof Number id) {
            int entry = m.get("index") == null ? 0 : Integer.parseInt(m.get("index").toString());
            out.add(
                new SubmissionResult(
                    offset + entry, id.longValue(), String.valueOf(m.get("status"))));
          }
        }
      }
      offset += batch.size();
    }
    return out;
  }

  /** The import state of each submission id, in request order. */
  public List<SubmissionStatus> submissionStatus(Collection<Long> ids) throws IOException {
    FormBody form = withClient();
    ids.forEach(id -> form.add("id", id));
    return ResponseParser.list(
        call("submission_status", form).get("submissions"), ResponseParser::submissionStatus);
  }

  /**
   * Polls {@link #submissionStatus} every {@code pollInterval} until every id is imported or {@code
   * deadline} passed; returns the last statuses either way.
   */
  public List<SubmissionStatus> awaitImported(
      Collection<Long> ids, Duration deadline, Duration pollInterval) throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      List<SubmissionStatus> statuses = submissionStatus(ids);
      boolean done = statuses.stream().allMatch(SubmissionStatus::imported);
      if (done || System.nanoTime() - end >= 0) {
        return statuses;
      }
      try {
        Thread.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for imports");
      }
    }
  }

  /** AcoustID track ids linked to each MusicBrainz recording id, keyed as given. */
  public Map<String, List<String>> listByMbid(Collection<String> mbids) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> all = List.copyOf(mbids);
    for (int start = 0; start < all.size(); start += MAX_MBID_BATCH) {
      FormBody form = new FormBody().add("format", "json").add("batch", 1);
      all.subList(start, Math.min(all.size(), start + MAX_MBID_BATCH))
          .forEach(m -> form.add("mbid", m));
      Object items = call("track/list_by_mbid", form).get("mbids");
      if (items instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Map<?, ?> m) {
            List<String> tracks = new ArrayList<>();
            if (m.get("tracks") instanceof List<?> t) {
              for (Object track : t) {
                if (track instanceof Map<?, ?> tm && tm.get("id") != null) {
                  tracks.add(tm.get("id").toString());
                }
              }
            }
            out.put(String.valueOf(m.get("mbid")), List.copyOf(tracks));
          }
        }
      }
    }
    return out;
  }

  private FormBody withClient() {
    if (options.apiKey() == null) {
      throw new IllegalStateException(
          "this call needs an API key: ClientOptions.builder().apiKey(...)");
    }
    return new FormBody().add("format", "json").add("client", options.apiKey());
  }

  private static String metaParameter(Set<Meta> meta) {
    if (meta == null || meta.isEmpty()) {
      return null;
    }
    StringJoiner joined = new StringJoiner(" ");
    meta.stream().sorted().forEach(m -> joined.add(m.wireName()));
    return joined.toString();
  }

  /** POSTs one call with pacing and retries; returns the decoded {@code "status": "ok"} object. */
  Map<String, Object> call(String endpoint, FormBody form) throws IOException {
    byte[] body = form.encode();
    boolean gzip = body.length >= options.gzipThresholdBytes();
    byte[] payload = gzip ? gzip(body) : body;
    URI uri = options.baseUrl().resolve(endpoint);
    IOException last = null;
    for (int attempt = 0; attempt <= retries.maxRetries(); attempt++) {
      if (attempt > 0) {
        sleep(retries.backoff(attempt));
      }
      try {
        pacer.acquire();
        HttpRequest.Builder request =
            HttpRequest.newBuilder(uri)
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", options.userAgent())
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if (gzip) {
          request.header("Content-Encoding", "gzip");
        }
        HttpResponse<InputStream> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String text = readBody(response);
        if (RetryPolicy.retryableStatus(response.statusCode()) && attempt < retries.maxRetries()) {
          last = failure(response.statusCode(), text);
          continue;
        }
        return envelope(response.statusCode(), text);
      } catch (HttpTimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted during " + endpoint);
      }
    }
    throw last;
  }

  private static String readBody(HttpResponse<InputStream> response) throws IOException {
    boolean gzipped =
        response
            .headers()
            .firstValue("Content-Encoding")
            .map(v -> v.equalsIgnoreCase("gzip"))
            .orElse(false);
    try (InputStream raw = response.body();
        InputStream in = gzipped ? new GZIPInputStream(raw) : raw) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static IOException failure(int status, String text) {
    try {
      envelope(status, text);
      return new IOException("HTTP " + status);
    } catch (IOException e) {
      return e;
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> envelope(int status, String text) throws IOException {
    Object decoded;
    try {
      decoded = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "HTTP " + status + " with a body that is not JSON: " + abbreviate(text), e);
    }
    if (!(decoded instanceof Map<?, ?> map)) {
      throw new IOException("HTTP " + status + " with a JSON body that is not an object");
    }
    Map<String, Object> m = (Map<String, Object>) map;
    if ("ok".equals(m.get("status")) && status == 200) {
      return m;
    }
    if (m.get("error") instanceof Map<?, ?> error && error.get("code") instanceof Number code) {
      throw new AcoustIdApiException(code.intValue(), String.valueOf(error.get("message")), status);
    }
    throw new IOException("HTTP " + status + " without an error object: " + abbreviate(text));
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  private static void sleep(Duration delay) throws InterruptedIOException {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted during retry backoff");
    }
  }
}
