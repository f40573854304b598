package org.acoustid.server.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.acoustid.fpindex.SearchHit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fingerprint index on fpindex-server nodes over HTTP (JSON API): fingerprint ids are sharded
 * over the nodes by a consistent hash ring, searches fan out to every shard in parallel and merge
 * the top hits (score descending, id ascending). A shard that does not answer within the search
 * timeout is left out and the search is counted as partial ({@link #partialSearches()}), so one
 * slow node degrades recall instead of failing lookups. Each shard records the changelog position
 * it has applied; the client's position is the lowest, and re-applying an insert is harmless.
 */
public final class RemoteIndexClient implements FingerprintIndex {
  private static final Logger log = LoggerFactory.getLogger(RemoteIndexClient.class);
  // a shared buffer pool: the default per-thread one starts empty on every virtual thread
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
              .build());
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

  private final List<URI> shards;
  private final ConsistentHashRing ring;
  private final Duration searchTimeout;
  private final HttpClient http;
  private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong partialSearches = new AtomicLong();

  private RemoteIndexClient(List<URI> shards, Duration searchTimeout) {
    this.shards = shards;
    this.ring = new ConsistentHashRing(shards.stream().map(URI::toString).toList());
    this.searchTimeout = searchTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(fanOut)
            .build();
  }

  /**
   * Connects to {@code index} on each node (e.g. {@code http://10.0.0.5:8080}), creating the index
   * where it does not exist yet.
   */
  public static RemoteIndexClient connect(
      List<String> nodeUrls, String index, Duration searchTimeout) throws IOException {
    List<URI> shards = new ArrayList<>();
    for (String url : nodeUrls) {
      String base = url.endsWith("/") ? url : url + "/";
      shards.add(URI.create(base).resolve(index));
    }
    RemoteIndexClient client = new RemoteIndexClient(shards, searchTimeout);
    for (URI shard : shards) {
      HttpResponse<String> r =
          client.send(HttpRequest.newBuilder(shard).PUT(noBody()), WRITE_TIMEOUT);
      if (r.statusCode() != 200 && r.statusCode() != 409) {
        client.close();
        throw new IOException(
            "cannot create index " + shard + ": HTTP " + r.statusCode() + " " + r.body());
      }
    }
    return client;
  }

  /** A client over already existing indexes (the shard URIs name the index). */
  static RemoteIndexClient forTesting(List<URI> shards, Duration searchTimeout) {
    return new RemoteIndexClient(shards, searchTimeout);
  }

  @Override
  public List<SearchHit> search(int[] query, int limit) throws IOException {
    if (query.length == 0) {
      return List.of();
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode terms = body.putArray("query");
    for (int q : query) {
      terms.add(Integer.toUnsignedLong(q));
    }
    body.put("limit", Math.min(100, limit)).put("min_score", 1).put("score_pct", 0);
    body.put("timeout", searchTimeout.toMillis());
    byte[] bytes = JSON.writeValueAsBytes(body);
    List<Future<List<SearchHit>>> calls = new ArrayList<>();
    for (URI shard : shards) {
      calls.add(fanOut.submit(() -> searchShard(shard, bytes)));
    }
    List<SearchHit> merged = new ArrayList<>();
    boolean partial = false;
    for (int i = 0; i < calls.size(); i++) {
      try {
        merged.addAll(calls.get(i).get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof HttpTimeoutException && shards.size() > 1) {
          partial = true;
          log.warn("index shard {} timed out; results are partial", shards.get(i));
        } else {
          throw new IOException("index shard " + shards.get(i) + ": " + e.getCause(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while searching", e);
      }
    }
    if (partial) {
      partialSearches.incrementAndGet();
    }
    merged.sort(
        Comparator.comparingInt((SearchHit h) -> -h.score())
            .thenComparing(h -> Integer.toUnsignedLong(h.id())));
    return merged.size() > limit ? merged.subList(0, limit) : merged;
  }

  private List<SearchHit> searchShard(URI shard, byte[] body) throws IOException {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(shard + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
            searchTimeout.plusMillis(200));
    if (r.statusCode() == 503) {
      throw new HttpTimeoutException("search timeout on " + shard);
    }
    JsonNode json = expectOk(shard, r);
    List<SearchHit> hits = new ArrayList<>();
    for (JsonNode hit : json.path("results")) {
      hits.add(new SearchHit((int) hit.path("id").asLong(), hit.path("score").asInt()));
    }
    return hits;
  }

  @Override
  public long changelogPosition() throws IOException {
    long lowest = Long.MAX_VALUE;
    for (URI shard : shards) {
      JsonNode info = expectOk(shard, send(HttpRequest.newBuilder(shard).GET(), WRITE_TIMEOUT));
      JsonNode value = info.path("metadata").path(LocalFingerprintIndex.POSITION_KEY);
      lowest = Math.min(lowest, value.isMissingNode() ? 0 : Long.parseLong(value.asText()));
    }
    return lowest;
  }

  @Override
  public void apply(List<Entry> entries, long position) throws IOException {
    List<ArrayNode> changes = new ArrayList<>();
    List<ObjectNode> bodies = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      ObjectNode body = JSON.createObjectNode();
      changes.add(body.putArray("changes"));
      bodies.add(body);
    }
    for (Entry e : entries) {
      ObjectNode insert =
          changes.get(ring.shardOf(e.fingerprintId())).addObject().putObject("insert");
      insert.put("id", Integer.toUnsignedLong(e.fingerprintId()));
      ArrayNode hashes = insert.putArray("hashes");
      for (int h : e.terms()) {
        hashes.add(Integer.toUnsignedLong(h));
      }
    }
    for (int i = 0; i < shards.size(); i++) {
      ObjectNode entry =
          changes.get(i).addObject().putObject("set_metadata").putArray("entries").addObject();
      entry.put("key", LocalFingerprintIndex.POSITION_KEY).put("value", Long.toString(position));
      URI shard = shards.get(i);
      expectOk(
          shard,
          send(
              HttpRequest.newBuilder(URI.create(shard + "/_update"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(
                          JSON.writeValueAsBytes(bodies.get(i)))),
              WRITE_TIMEOUT));
    }
  }

  /** Searches that went without at least one shard since start. */
  public long partialSearches() {
    return partialSearches.get();
  }

  private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout)
      throws IOException {
    try {
      return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static JsonNode expectOk(URI shard, HttpResponse<String> r) throws IOException {
    if (r.statusCode() != 200) {
      throw new IOException(shard + " answered HTTP " + r.statusCode() + ": " + r.body().strip());
    }
    return JSON.readTree(r.body());
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }

  @Override
  public void close() {
    http.close();
    fanOut.close();
  }
}
