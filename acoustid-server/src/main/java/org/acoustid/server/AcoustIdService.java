package org.acoustid.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.acoustid.server.api.v2.MusicBrainzOAuth;
import org.acoustid.server.config.AcoustIdConfig;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.ApiKeyCache;
import org.acoustid.server.importer.ImportWorker;
import org.acoustid.server.importer.SubmissionImporter;
import org.acoustid.server.index.FingerprintIndex;
import org.acoustid.server.index.IndexUpdater;
import org.acoustid.server.index.LocalFingerprintIndex;
import org.acoustid.server.index.RemoteIndexClient;
import org.acoustid.server.lookup.FingerprintSearcher;
import org.acoustid.server.metrics.ApiMetrics;
import org.acoustid.server.queue.NatsSettings;
import org.acoustid.server.queue.SubmissionQueue;
import org.acoustid.server.ratelimit.RateLimiter;
import org.acoustid.server.ratelimit.RateLimits;
import org.acoustid.server.stats.LookupCounters;
import org.acoustid.server.tasks.LocalTaskQueue;
import org.acoustid.server.tasks.MergeMissingMbid;
import org.acoustid.server.tasks.RedisTaskQueue;
import org.acoustid.server.tasks.RedisUnknownMbids;
import org.acoustid.server.tasks.SqlUnknownMbids;
import org.acoustid.server.tasks.TaskQueue;
import org.acoustid.server.tasks.TaskWorker;
import org.acoustid.server.tasks.UnknownMbids;
import org.acoustid.server.web.ApiServer;
import org.acoustid.server.web.ApiServices;
import org.acoustid.server.web.ShutdownMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running roles of one process over one database: the in-process fingerprint index kept up to
 * date from the changelog, and optionally the API front and the import worker. In the all-in-one
 * mode a submit wakes the worker and an import wakes the index updater, so a lookup finds a new
 * track well within a second.
 *
 * <p>Background tasks ({@code merge_missing_mbid}, asked for by lookups): with Redis they go
 * through the lists {@code tasks:xx} that every worker of the deployment takes from; without Redis
 * through a bounded queue in this process, used only when this process also runs the worker of a
 * master (so {@code run api} alone without Redis asks for no merges). Only a master's worker runs
 * tasks.
 */
public final class AcoustIdService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AcoustIdService.class);
  static final long INDEX_POLL_MS = 1000;

  private final FingerprintIndex index;
  private final FingerprintSearcher searcher;
  private final IndexUpdater updater;
  private final ImportWorker worker;
  private final ApiServer api;
  private final RateLimiter rateLimiter;
  private final SubmissionQueue queue;
  private final LookupCounters counters;
  private final TaskQueue tasks;
  private final TaskWorker taskWorker;

  private AcoustIdService(
      FingerprintIndex index,
      FingerprintSearcher searcher,
      IndexUpdater updater,
      ImportWorker worker,
      ApiServer api,
      RateLimiter rateLimiter,
      SubmissionQueue queue,
      LookupCounters counters,
      TaskQueue tasks,
      TaskWorker taskWorker) {
    this.tasks = tasks;
    this.taskWorker = taskWorker;
    this.rateLimiter = rateLimiter;
    this.queue = queue;
    this.counters = counters;
    this.index = index;
    this.searcher = searcher;
    this.updater = updater;
    this.worker = worker;
    this.api = api;
  }

  /**
   * Which roles to run, and where. With {@code indexUrls} the index lives on those fpindex-server
   * nodes ({@code indexName}); otherwise in-process in {@code indexDirectory}, or in memory when
   * that is null.
   */
  public record Options(
      Path indexDirectory,
      int maxDocsPerHash,
      List<String> indexUrls,
      String indexName,
      double searchTimeoutSeconds,
      boolean runApi,
      String host,
      int port,
      boolean runWorker,
      String redisUrl,
      RateLimits rateLimits,
      ClusterSettings cluster,
      NatsSettings nats,
      String musicBrainzUrl,
      String websiteSecret,
      ShutdownMarker shutdown) {
    /**
     * Options to build from the defaults: in-memory index capped at {@link
     * AcoustIdConfig#DEFAULT_MAX_DOCS_PER_HASH}, 1 s search timeout, no roles, 127.0.0.1:5000, no
     * Redis or NATS, a cluster master without secret, MusicBrainz at {@link
     * AcoustIdConfig#DEFAULT_MUSICBRAINZ_URL}.
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Builder of {@link Options}; unset values keep the defaults of {@link #builder()}. */
    public static final class Builder {
      private Path indexDirectory;
      private int maxDocsPerHash = AcoustIdConfig.DEFAULT_MAX_DOCS_PER_HASH;
      private List<String> indexUrls = List.of();
      private String indexName = "main";
      private double searchTimeoutSeconds = 1.0;
      private boolean runApi;
      private String host = "127.0.0.1";
      private int port = 5000;
      private boolean runWorker;
      private String redisUrl;
      private RateLimits rateLimits = RateLimits.DEFAULT;
      private ClusterSettings cluster = ClusterSettings.DEFAULT;
      private NatsSettings nats;
      private String musicBrainzUrl = AcoustIdConfig.DEFAULT_MUSICBRAINZ_URL;
      private String websiteSecret;
      private ShutdownMarker shutdown;

      private Builder() {}

      /** An in-process index in {@code directory} (null: in memory). */
      public Builder indexDirectory(Path directory) {
        this.indexDirectory = directory;
        return this;
      }

      /** The in-process index's cap on documents read per query term; 0 counts exactly. */
      public Builder maxDocsPerHash(int docs) {
        this.maxDocsPerHash = docs;
        return this;
      }

      /** The index on these fpindex-server nodes instead, under {@code name}. */
      public Builder remoteIndex(List<String> urls, String name) {
        this.indexUrls = List.copyOf(urls);
        this.indexName = name;
        return this;
      }

      public Builder searchTimeoutSeconds(double seconds) {
        this.searchTimeoutSeconds = seconds;
        return this;
      }

      /** Serve the API on {@code host}:{@code port} (0: any free port). */
      public Builder api(String host, int port) {
        this.runApi = true;
        this.host = host;
        this.port = port;
        return this;
      }

      /** Run the import worker. */
      public Builder worker(boolean run) {
        this.runWorker = run;
        return this;
      }

      public Builder redis(String url, RateLimits limits) {
        this.redisUrl = url;
        this.rateLimits = limits;
        return this;
      }

      /** This node's cluster role and secret. */
      public Builder cluster(ClusterSettings settings) {
        this.cluster = settings;
        return this;
      }

      /** Where {@code /v2/user/create_musicbrainz} checks access tokens. */
      public Builder musicBrainzUrl(String url) {
        this.musicBrainzUrl = url;
        return this;
      }

      /** {@code [website] secret}, from which the day's demo client key derives (§3.2). */
      public Builder websiteSecret(String secret) {
        this.websiteSecret = secret;
        return this;
      }

      /** The marker file that makes health answer 503 during a graceful shutdown (§14.3). */
      public Builder shutdownMarker(ShutdownMarker marker) {
        this.shutdown = marker;
        return this;
      }

      public Builder nats(NatsSettings settings) {
        this.nats = settings;
        return this;
      }

      public Options build() {
        return new Options(
            indexDirectory,
            maxDocsPerHash,
            indexUrls,
            indexName,
            searchTimeoutSeconds,
            runApi,
            host,
            port,
            runWorker,
            redisUrl,
            rateLimits,
            cluster,
            nats,
            musicBrainzUrl,
            websiteSecret,
            shutdown);
      }
    }
  }

  public static AcoustIdService start(DataSource db, Options options) throws Exception {
    FingerprintIndex index;
    if (!options.indexUrls().isEmpty()) {
      index =
          RemoteIndexClient.connect(
              options.indexUrls(),
              options.indexName(),
              Duration.ofMillis((long) (options.searchTimeoutSeconds() * 1000)));
    } else if (options.indexDirectory() == null) {
      index = LocalFingerprintIndex.inMemory();
    } else {
      index = LocalFingerprintIndex.open(options.indexDirectory(), options.maxDocsPerHash());
    }
    IndexUpdater updater = null;
    ImportWorker worker = null;
    ApiServer api = null;
    RateLimiter rateLimiter = null;
    SubmissionQueue queue = null;
    LookupCounters counters = null;
    TaskQueue tasks = null;
    TaskWorker taskWorker = null;
    try {
      updater = new IndexUpdater(db, index, INDEX_POLL_MS);
      long caughtUp = updater.catchUp();
      log.info(
          "fingerprint index at changelog position {} ({} entries applied at start)",
          index.changelogPosition(),
          caughtUp);
      updater.start();
      FingerprintSearcher searcher =
          new FingerprintSearcher(index, (int) Math.ceil(options.searchTimeoutSeconds()));
      if (options.nats() != null) {
        queue = SubmissionQueue.connect(options.nats());
      }
      if (options.runWorker()) {
        worker = new ImportWorker(db, new SubmissionImporter(searcher), updater::wake).start();
        if (queue != null) {
          queue.consume(worker);
        }
      }
      boolean runsTasks = options.runWorker() && options.cluster().isMaster();
      if (options.redisUrl() != null) {
        tasks = new RedisTaskQueue(options.redisUrl(), "");
      } else if (runsTasks) {
        tasks = new LocalTaskQueue();
      }
      if (runsTasks) {
        UnknownMbids unknown =
            tasks instanceof RedisTaskQueue redis
                ? new RedisUnknownMbids(redis)
                : new SqlUnknownMbids();
        taskWorker =
            new TaskWorker(tasks, new MergeMissingMbid(db, options.cluster(), unknown)).start();
      }
      ImportWorker localWorker = worker;
      SubmissionQueue notices = queue;
      Consumer<List<Integer>> submitted =
          ids -> {
            if (localWorker != null) {
              localWorker.wake();
            }
            if (notices != null) {
              notices.published(ids);
            }
          };
      if (options.runApi()) {
        ApiMetrics metrics = new ApiMetrics();
        if (options.redisUrl() != null) {
          rateLimiter = RateLimiter.connect(options.redisUrl(), options.rateLimits());
          counters = new LookupCounters(options.redisUrl(), "");
          metrics.counter("api_rate_limiter_fail_open_total", rateLimiter::failOpenCount);
        }
        if (worker != null) {
          metrics.counter("imported_submissions_total", worker::importedTotal);
        }
        if (queue != null) {
          metrics.counter("nats_publish_failures_total", queue::publishFailures);
        }
        api =
            ApiServer.start(
                options.host(),
                options.port(),
                new ApiServices(
                    db,
                    searcher,
                    submitted,
                    new ApiKeyCache(db, options.websiteSecret()),
                    rateLimiter,
                    options.cluster(),
                    metrics,
                    counters,
                    new MusicBrainzOAuth(
                        options.musicBrainzUrl(), MusicBrainzOAuth.DEFAULT_TIMEOUT),
                    tasks,
                    options.shutdown()));
      }
      return new AcoustIdService(
          index, searcher, updater, worker, api, rateLimiter, queue, counters, tasks, taskWorker);
    } catch (Exception | Error e) {
      closeAll(api, worker, updater, index, rateLimiter, queue, counters, tasks, taskWorker);
      throw e;
    }
  }

  /** The API port (useful with port 0); -1 without the API role. */
  public int port() {
    return api == null ? -1 : api.port();
  }

  /** The search over this process's index (for tools that import in-process). */
  public FingerprintSearcher searcher() {
    return searcher;
  }

  /** Applies every committed changelog row now (tests, tools). */
  public void syncIndex() throws Exception {
    updater.catchUp();
  }

  private static void closeAll(
      ApiServer api,
      ImportWorker worker,
      IndexUpdater updater,
      FingerprintIndex index,
      RateLimiter rateLimiter,
      SubmissionQueue queue,
      LookupCounters counters,
      TaskQueue tasks,
      TaskWorker taskWorker) {
    if (api != null) {
      api.close();
    }
    if (taskWorker != null) {
      taskWorker.close();
    }
    if (tasks != null) {
      tasks.close();
    }
    if (counters != null) {
      counters.close();
    }
    if (queue != null) {
      try {
        queue.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (rateLimiter != null) {
      rateLimiter.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (updater != null) {
      updater.close();
    }
    index.close();
  }

  @Override
  public void close() throws IOException {
    closeAll(api, worker, updater, index, rateLimiter, queue, counters, tasks, taskWorker);
  }
}
