package org.acoustid.benchmarks.acoustid;

import static org.acoustid.benchmarks.CommandFlags.flag;
import static org.acoustid.benchmarks.CommandFlags.intFlag;

import java.io.PrintWriter;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.acoustid.chromaprint.FingerprintCodec;
import org.acoustid.chromaprint.QueryExtractor;
import org.acoustid.cli.ProgressBar;
import org.acoustid.fpindex.server.FpIndexServer;
import org.acoustid.fpindex.server.ServerOptions;
import org.acoustid.server.AcoustIdService;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.Database;
import org.acoustid.server.index.FingerprintIndex;
import org.acoustid.server.index.RemoteIndexClient;
import org.acoustid.server.tools.IndexRebuild;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Lookups per second and latency percentiles of the AcoustID API (HTTP, {@code /v2/lookup}, full
 * compare2 rescoring against PostgreSQL) over a synthetic catalog of {@code --docs} fingerprints
 * ({@link SyntheticCatalog}), with the fingerprint index in-process (exact or capped) or on an
 * fpindex-server node; then submit and import throughput.
 *
 * <ol>
 *   <li>creates database {@code acoustid_bench_<docs>} on the given PostgreSQL and loads the
 *       catalog with COPY once (later runs reuse it); one track per fingerprint;
 *   <li>builds the index from the database (timed: the {@code index rebuild} path, or HTTP bulk
 *       loading of the node for {@code --index remote});
 *   <li>warm-up: half of {@code --seconds} (at least 10 s) of the closed loop below;
 *   <li>open loop: {@code --rate} lookups/s for {@code --seconds}, each timed from its scheduled
 *       start (no coordinated omission); recall = share of lookups whose results contain the
 *       queried song's track;
 *   <li>closed loop: {@code --clients} clients as fast as they can, for the maximum rate;
 *   <li>submits {@code --submissions} new fingerprints in batches of 20 and imports them.
 * </ol>
 *
 * <p>Run: {@code bin/bench-lookup --docs 1000000 --rate 500 --index capped}.
 */
public final class LookupLoadBenchmark {
  static final long SEED = 42;

  public static void main(String[] args) throws Exception {
    int docs = intFlag(args, "--docs", 100_000);
    int rate = intFlag(args, "--rate", 500);
    int seconds = intFlag(args, "--seconds", 20);
    int clients = intFlag(args, "--clients", 8);
    int submissions = intFlag(args, "--submissions", 2000);
    String mode = flag(args, "--index", "local");
    String adminUrl = flag(args, "--jdbc", "jdbc:postgresql://127.0.0.1:5432/afp");
    String user = flag(args, "--user", "afp");
    String password = flag(args, "--password", "afp");
    SyntheticCatalog catalog = new SyntheticCatalog(SEED);
    PrintWriter err = new PrintWriter(System.err, true);

    String dbName = "acoustid_bench_" + docs + "_v" + SyntheticCatalog.VERSION;
    try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
        Statement st = admin.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + dbName + "'")) {
        if (!rs.next()) {
          st.execute("CREATE DATABASE " + dbName);
        }
      }
    }
    String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + dbName;
    System.out.printf(
        Locale.ROOT,
        "acoustid lookup benchmark: %d fingerprints, index %s, db %s%n",
        docs,
        mode,
        url);
    try (Database db = Database.open(url, user, password, 16)) {
      db.upgrade();
      load(db, catalog, docs, err);
      String appKey;
      try (Connection c = db.dataSource().getConnection()) {
        var account = new AccountRepository(db.dataSource()).create("bench");
        appKey =
            new ApplicationRepository(db.dataSource()).create("bench", "1", account.id()).apiKey();
      }

      Path work = Files.createDirectories(Path.of("benchmarks/target/lookup-" + docs));
      FpIndexServer node = null;
      AcoustIdService.Options options;
      long t0 = System.nanoTime();
      if (mode.equals("remote")) {
        IndexRebuild.deleteTree(work.resolve("node"));
        node =
            FpIndexServer.start(
                ServerOptions.parse(
                    "--dir",
                    work.resolve("node").toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0"));
        List<String> urls = List.of("http://127.0.0.1:" + node.httpPort());
        loadRemote(db, urls, err);
        options =
            AcoustIdService.Options.builder()
                .maxDocsPerHash(0)
                .remoteIndex(urls, "main")
                .api("127.0.0.1", 0)
                .build();
      } else {
        Path dir = work.resolve("index");
        IndexRebuild.rebuild(db.dataSource(), dir, err);
        options =
            AcoustIdService.Options.builder()
                .indexDirectory(dir)
                .maxDocsPerHash(mode.equals("capped") ? 1000 : 0)
                .api("127.0.0.1", 0)
                .build();
      }
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "index built: %d fingerprints in %.1f s (%.0f fingerprints/s)%n",
          docs,
          buildSeconds,
          docs / buildSeconds);

      try (AcoustIdService service = AcoustIdService.start(db.dataSource(), options)) {
        String base = "http://127.0.0.1:" + service.port() + "/v2/lookup";
        // The client runs on platform threads: on virtual threads it would queue behind the
        // server's CPU-bound searches on the same two carriers and report that as latency.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Lookups lookups = new Lookups(http, base, appKey, catalog, docs);
        // warm-up: JIT, connection pools, the OS page cache of the fingerprint table
        lookups.closedLoop(clients, Math.max(10, seconds / 2), new SplittableRandom(1));
        Result open = lookups.openLoop(rate, seconds, new SplittableRandom(2));
        System.out.println(open.describe("open loop, target " + rate + "/s"));
        Result closed = lookups.closedLoop(clients, seconds, new SplittableRandom(3));
        System.out.println(closed.describe("closed loop, " + clients + " clients"));
      }
      if (node != null) {
        node.close();
      }
      submitAndImport(db, catalog, docs, submissions, appKey, err);
    }
  }

  /** Loads ids 1..docs with COPY (trigger off: the index is built from the table afterwards). */
  static void load(Database db, SyntheticCatalog catalog, int docs, PrintWriter err)
      throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM fingerprint WHERE id <= " + docs)) {
        rs.next();
        if (rs.getLong(1) == docs) {
          System.out.println("catalog already loaded");
          return;
        }
      }
      st.execute(
          "TRUNCATE fingerprint, track, fpindex_changelog, submission, pending_submission CASCADE");
      st.execute("ALTER TABLE fingerprint DISABLE TRIGGER fingerprint_fpindex_changelog");
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      long t0 = System.nanoTime();
      ProgressBar progress = new ProgressBar(err, "fingerprints loaded", docs);
      int chunk = 20_000;
      for (int from = 1; from <= docs; from += chunk) {
        int to = Math.min(docs, from + chunk - 1);
        StringBuilder tracks = new StringBuilder();
        StringBuilder fps = new StringBuilder();
        for (int id = from; id <= to; id++) {
          int[] song = catalog.song(id);
          tracks.append(id).append('\t').append(trackGid(id)).append('\n');
          fps.append(id).append("\t{");
          for (int i = 0; i < song.length; i++) {
            fps.append(i == 0 ? "" : ",").append(song[i]);
          }
          fps.append("}\t")
              .append(SyntheticCatalog.duration(song.length))
              .append('\t')
              .append(id)
              .append("\t1\n");
        }
        copy.copyIn("COPY track (id, gid) FROM STDIN", new StringReader(tracks.toString()));
        copy.copyIn(
            "COPY fingerprint (id, fingerprint, length, track_id, submission_count) FROM STDIN",
            new StringReader(fps.toString()));
        progress.step(to - from + 1);
      }
      progress.finish();
      st.execute("ALTER TABLE fingerprint ENABLE TRIGGER fingerprint_fpindex_changelog");
      st.execute(
          "SELECT setval('track_id_seq', "
              + docs
              + "), setval('fingerprint_id_seq', "
              + docs
              + ")");
      st.execute("VACUUM ANALYZE fingerprint");
      st.execute("VACUUM ANALYZE track");
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT, "catalog loaded: %d fingerprints in %.1f s (%.0f/s)%n", docs, s, docs / s);
    }
  }

  static void loadRemote(Database db, List<String> urls, PrintWriter err) throws Exception {
    try (RemoteIndexClient client = RemoteIndexClient.connect(urls, "main", Duration.ofSeconds(5));
        Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      long total;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM fingerprint")) {
        rs.next();
        total = rs.getLong(1);
      }
      ProgressBar progress = new ProgressBar(err, "fingerprints sent", total);
      try (Statement st = c.createStatement()) {
        st.setFetchSize(5000);
        try (ResultSet rs =
            st.executeQuery("SELECT id, fingerprint FROM fingerprint ORDER BY id")) {
          List<FingerprintIndex.Entry> batch = new ArrayList<>();
          while (rs.next()) {
            Integer[] boxed = (Integer[]) rs.getArray(2).getArray();
            int[] raw = new int[boxed.length];
            for (int i = 0; i < raw.length; i++) {
              raw[i] = boxed[i];
            }
            batch.add(new FingerprintIndex.Entry(rs.getInt(1), QueryExtractor.extract(raw)));
            if (batch.size() == 5000) {
              client.apply(batch, 0);
              progress.step(batch.size());
              batch.clear();
            }
          }
          client.apply(batch, 0);
          progress.step(batch.size());
        }
      }
      progress.finish();
    }
  }

  static UUID trackGid(int id) {
    return UUID.nameUUIDFromBytes(("bench-track-" + id).getBytes(StandardCharsets.UTF_8));
  }

  record Result(long requests, long errors, long hits, long[] latencyNanos, double seconds) {
    String describe(String what) {
      long[] sorted = latencyNanos.clone();
      Arrays.sort(sorted);
      return String.format(
          Locale.ROOT,
          "%s: %d lookups in %.1f s = %.0f/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms,"
              + " max %.2f ms, errors %d, recall %.3f",
          what,
          requests,
          seconds,
          requests / seconds,
          pct(sorted, 0.50),
          pct(sorted, 0.90),
          pct(sorted, 0.99),
          pct(sorted, 0.999),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
          errors,
          requests == 0 ? 0 : (double) hits / requests);
    }

    static double pct(long[] sorted, double q) {
      return sorted.length == 0
          ? 0
          : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }
  }

  /** Issues lookups of random catalog songs and checks the answer names the song's track. */
  record Lookups(HttpClient http, String base, String appKey, SyntheticCatalog catalog, int docs) {
    boolean lookup(SplittableRandom r) throws Exception {
      int id = 1 + r.nextInt(docs);
      int[] query = catalog.query(id, r);
      String body =
          "client="
              + appKey
              + "&duration="
              + SyntheticCatalog.duration(query.length)
              + "&fingerprint="
              + URLEncoder.encode(FingerprintCodec.encodeBase64(query, 1), StandardCharsets.UTF_8);
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
      }
      return response.body().contains(trackGid(id).toString());
    }

    Result openLoop(int rate, int seconds, SplittableRandom random) throws Exception {
      int total = rate * seconds;
      long[] latencies = new long[total];
      AtomicLong errors = new AtomicLong();
      AtomicLong hits = new AtomicLong();
      AtomicInteger done = new AtomicInteger();
      long start = System.nanoTime();
      try (ExecutorService pool = Executors.newCachedThreadPool()) {
        for (int i = 0; i < total; i++) {
          long scheduled = start + (long) (i * 1e9 / rate);
          long wait = scheduled - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          SplittableRandom r = random.split();
          int slot = i;
          pool.submit(() -> {
            try {
              if (lookup(r)) {
                hits.incrementAndGet();
              }
            } catch (Exception e) {
              errors.incrementAndGet();
            }
            latencies[slot] = System.nanoTime() - scheduled;
            done.incrementAndGet();
          });
        }
      }
      return new Result(
          total, errors.get(), hits.get(), latencies, (System.nanoTime() - start) / 1e9);
    }

    Result closedLoop(int clients, int seconds, SplittableRandom random) throws Exception {
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      List<long[]> perClient = new ArrayList<>();
      AtomicLong errors = new AtomicLong();
      AtomicLong hits = new AtomicLong();
      AtomicLong requests = new AtomicLong();
      long start = System.nanoTime();
      try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
        for (int c = 0; c < clients; c++) {
          long[] latencies = new long[1 << 20];
          perClient.add(latencies);
          SplittableRandom r = random.split();
          pool.submit(() -> {
            int n = 0;
            while (System.nanoTime() < end && n < latencies.length) {
              long t = System.nanoTime();
              try {
                if (lookup(r)) {
                  hits.incrementAndGet();
                }
              } catch (Exception e) {
                errors.incrementAndGet();
              }
              latencies[n++] = System.nanoTime() - t;
              requests.incrementAndGet();
            }
            latencies[latencies.length - 1] = n; // count, read below
            return null;
          });
        }
      }
      long[] all = new long[(int) requests.get()];
      int k = 0;
      for (long[] l : perClient) {
        int n = (int) l[l.length - 1];
        System.arraycopy(l, 0, all, k, n);
        k += n;
      }
      return new Result(
          requests.get(),
          errors.get(),
          hits.get(),
          Arrays.copyOf(all, k),
          (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Submissions over HTTP (batches of 20) into a worker-less API, then one worker importing them.
   */
  static void submitAndImport(
      Database db, SyntheticCatalog catalog, int docs, int count, String appKey, PrintWriter err)
      throws Exception {
    String userKey = new AccountRepository(db.dataSource()).create("bench-submitter").apiKey();
    try (AcoustIdService api =
        AcoustIdService.start(
            db.dataSource(), AcoustIdService.Options.builder().api("127.0.0.1", 0).build())) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      SplittableRandom r = new SplittableRandom(7);
      long t0 = System.nanoTime();
      for (int from = 0; from < count; from += 20) {
        StringBuilder body = new StringBuilder("client=" + appKey + "&user=" + userKey);
        for (int i = 0; i < Math.min(20, count - from); i++) {
          int[] fp = catalog.query(1 + r.nextInt(docs), r);
          body.append("&duration.")
              .append(i)
              .append('=')
              .append(SyntheticCatalog.duration(fp.length));
          body.append("&fingerprint.")
              .append(i)
              .append('=')
              .append(
                  URLEncoder.encode(FingerprintCodec.encodeBase64(fp, 1), StandardCharsets.UTF_8));
          body.append("&mbid.").append(i).append('=').append(UUID.randomUUID());
        }
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v2/submit"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              "submit: HTTP " + response.statusCode() + " " + response.body());
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "submit: %d submissions in %.1f s = %.0f/s (batches of 20, one client)%n",
          count,
          s,
          count / s);
    }
    Path dir = Path.of("benchmarks/target/lookup-" + docs + "/index");
    try (AcoustIdService worker =
        AcoustIdService.start(
            db.dataSource(), AcoustIdService.Options.builder().indexDirectory(dir).build())) {
      var importer =
          new org.acoustid.server.importer.ImportWorker(
              db.dataSource(),
              new org.acoustid.server.importer.SubmissionImporter(worker.searcher()),
              () -> {});
      long t0 = System.nanoTime();
      int n = importer.drain();
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT, "import: %d submissions in %.1f s = %.0f/s (one worker)%n", n, s, n / s);
    }
  }
}
