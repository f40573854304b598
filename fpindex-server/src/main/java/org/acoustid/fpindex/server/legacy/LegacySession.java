package org.acoustid.fpindex.server.legacy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.fpindex.SearchRequest;
import org.acoustid.fpindex.SearchResult;
import org.acoustid.fpindex.SearchTimeoutException;
import org.acoustid.fpindex.SetMetadata;
import org.acoustid.fpindex.server.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and command interpreter of one legacy-protocol connection: session attributes, the open
 * transaction, and one reply line per command line (without the trailing CRLF).
 *
 * <p>Not thread-safe: one session per connection, commands executed one at a time.
 */
public final class LegacySession {
  private static final Logger log = LoggerFactory.getLogger(LegacySession.class);

  static final long DEFAULT_MAX_RESULTS = 500;
  static final long DEFAULT_TOP_SCORE_PERCENT = 10;
  static final long DEFAULT_TIMEOUT_MS = 0;
  static final long DEFAULT_IDLE_TIMEOUT_MS = 60_000;

  private final FpIndex index;
  private final boolean readOnly;
  private final String indexName;
  private final ServerMetrics metrics;
  private final Map<String, Long> attributes = new LinkedHashMap<>();
  private List<Insert> pendingInserts;
  private Map<String, String> pendingMetadata;

  public LegacySession(FpIndex index, String indexName, ServerMetrics metrics) {
    this(index, indexName, metrics, false);
  }

  /**
   * @param readOnly refuse commits: in replica mode writes go through the changelog, which the
   *     legacy protocol has no way to wait for
   */
  public LegacySession(FpIndex index, String indexName, ServerMetrics metrics, boolean readOnly) {
    this.readOnly = readOnly;
    this.index = index;
    this.indexName = indexName;
    this.metrics = metrics;
    attributes.put("max_results", DEFAULT_MAX_RESULTS);
    attributes.put("top_score_percent", DEFAULT_TOP_SCORE_PERCENT);
    attributes.put("timeout", DEFAULT_TIMEOUT_MS);
    attributes.put("idle_timeout", DEFAULT_IDLE_TIMEOUT_MS);
  }

  /** Milliseconds without a full line before the server gives up on the connection. */
  public long idleTimeoutMs() {
    return attributes.get("idle_timeout");
  }

  /**
   * Executes one line (CR already stripped) and returns the reply, {@code OK ...} or {@code ERR
   * ...}.
   */
  public String execute(String line) {
    List<String> tokens = tokens(line);
    if (tokens.isEmpty()) {
      return ok("");
    }
    List<String> args = tokens.subList(1, tokens.size());
    try {
      return switch (tokens.get(0)) {
        case "echo" -> ok(String.join(" ", args));
        case "search" -> search(args);
        case "begin" -> begin();
        case "insert" -> insert(args);
        case "commit" -> commit();
        case "rollback" -> inTransaction(() -> rollback());
        case "optimize", "cleanup" -> inTransaction(() -> ok(""));
        case "get" -> get(args);
        case "set" -> set(args);
        default -> err("unknown command");
      };
    } catch (RuntimeException e) {
      log.error("legacy command {} failed", tokens.get(0), e);
      return err("internal error");
    }
  }

  private String search(List<String> args) {
    if (args.size() != 1) {
      return err("expected one argument");
    }
    int[] query = FingerprintArgument.parse(args.get(0));
    if (query == null) {
      return err("invalid fingerprint");
    }
    if (query.length == 0) {
      return err("empty fingerprint");
    }
    long maxResults = attributes.get("max_results");
    if (maxResults == 0) {
      return ok("");
    }
    SearchRequest request =
        new SearchRequest(
            query,
            (int) Math.min(maxResults, Integer.MAX_VALUE),
            OptionalInt.of(1),
            (int) Math.min(attributes.get("top_score_percent"), 1_000),
            Duration.ofMillis(attributes.get("timeout")));
    SearchResult result;
    long start = System.nanoTime();
    try {
      result = index.search(request);
    } catch (SearchTimeoutException e) {
      return err("timeout exceeded");
    } catch (RuntimeException e) {
      log.warn("legacy search failed", e);
      return err("search failed");
    }
    metrics.searched(indexName, result.hits().size(), System.nanoTime() - start);
    StringBuilder out = new StringBuilder();
    for (SearchHit hit : result.hits()) {
      if (out.isEmpty() == false) {
        out.append(' ');
      }
      out.append(Integer.toUnsignedString(hit.id())).append(':').append(hit.score());
    }
    return ok(out.toString());
  }

  private String begin() {
    if (pendingInserts != null) {
      return err("already in transaction");
    }
    pendingInserts = new ArrayList<>();
    pendingMetadata = new LinkedHashMap<>();
    return ok("");
  }

  private String insert(List<String> args) {
    if (pendingInserts == null) {
      return err("not in transaction");
    }
    if (args.size() != 2) {
      return err("expected two arguments");
    }
    long id = parseU32(args.get(0));
    if (id < 0) {
      return err("invalid document id");
    }
    int[] hashes = FingerprintArgument.parse(args.get(1));
    if (hashes == null) {
      return err("invalid fingerprint");
    }
    if (hashes.length == 0) {
      return err("empty fingerprint");
    }
    pendingInserts.add(new Insert((int) id, hashes));
    return ok("");
  }

  private String commit() {
    if (pendingInserts == null) {
      return err("not in transaction");
    }
    List<Change> changes = new ArrayList<>(pendingInserts);
    pendingMetadata.forEach((k, v) -> changes.add(new SetMetadata(k, v)));
    boolean zeroId = pendingInserts.stream().anyMatch(insert -> insert.id() == 0);
    pendingInserts = null;
    pendingMetadata = null;
    if (zeroId) {
      return err("commit failed"); // the whole transaction is dropped, as upstream
    }
    if (changes.isEmpty()) {
      return ok("");
    }
    if (readOnly) {
      return err("commit failed: writes go through the changelog in replica mode");
    }
    try {
      index.update(changes, OptionalLong.empty());
    } catch (Exception e) {
      log.warn("legacy commit failed: {}", e.toString());
      return err("commit failed");
    }
    metrics.updated(indexName);
    return ok("");
  }

  private String rollback() {
    pendingInserts = null;
    pendingMetadata = null;
    return ok("");
  }

  private String get(List<String> args) {
    List<String> rest = stripAttributeKeyword(args);
    if (rest.size() != 1) {
      return err("expected one argument");
    }
    String name = rest.get(0);
    Long session = attributes.get(name);
    if (session != null) {
      return ok(Long.toString(session));
    }
    String value = index.info().metadata().get(name);
    return ok(value == null ? "" : value);
  }

  private String set(List<String> args) {
    List<String> rest = stripAttributeKeyword(args);
    if (rest.size() != 2) {
      return err("expected two arguments");
    }
    String name = rest.get(0);
    String value = rest.get(1);
    if (attributes.containsKey(name)) {
      long parsed = parseU32(value);
      if (parsed < 0) {
        return err("invalid value");
      }
      attributes.put(name, parsed);
      return ok("");
    }
    if (pendingMetadata == null) {
      return err("not in transaction");
    }
    pendingMetadata.put(name, value);
    return ok("");
  }

  private String inTransaction(java.util.function.Supplier<String> action) {
    return pendingInserts == null ? err("not in transaction") : action.get();
  }

  /**
   * {@code get attribute x} and {@code set attribute x v} are spellings of {@code get x} / {@code
   * set x v}.
   */
  private static List<String> stripAttributeKeyword(List<String> args) {
    if (args.size() >= 2 && args.get(0).equals("attribute")) {
      return args.subList(1, args.size());
    }
    return args;
  }

  /** A decimal u32, or -1. */
  static long parseU32(String token) {
    if (token.isEmpty() || token.length() > 10) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value > 0xFFFF_FFFFL ? -1 : value;
  }

  static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    for (String token : line.split(" ")) {
      if (token.isEmpty() == false) {
        out.add(token);
      }
    }
    return out;
  }

  private static String ok(String payload) {
    return "OK " + payload;
  }

  private static String err(String message) {
    return "ERR " + message;
  }
}
