package org.acoustid.server.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The service's Prometheus metrics (text format 0.0.4 on {@code /_metrics}), named after the
 * upstream statsd series (specification §14.1) with Prometheus conventions: requests and their
 * duration per handler, handled errors per code, unhandled errors, rate-limit rejections, lookup
 * searches and matches, new and imported submissions. Thread-safe and allocation-free on the hot
 * path once a label set has been seen.
 */
public final class ApiMetrics {
  /** Upper bounds of the request duration histogram, in seconds. */
  static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, Histogram> durations = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> counterFunctions = new ConcurrentHashMap<>();

  private static final class Histogram {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final LongAdder count = new LongAdder();
    final LongAdder sumNanos = new LongAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(long nanos) {
      double seconds = nanos / 1e9;
      for (int i = 0; i < BUCKETS.length; i++) {
        if (seconds <= BUCKETS[i]) {
          buckets[i].increment();
        }
      }
      count.increment();
      sumNanos.add(nanos);
    }
  }

  /** One API request of {@code handler} (e.g. {@code LookupHandler}) that took {@code nanos}. */
  public void request(String handler, int httpStatus, long nanos) {
    count("api_requests_total{request=\"" + handler + "\",status=\"" + httpStatus + "\"}", 1);
    durations.computeIfAbsent(handler, k -> new Histogram()).observe(nanos);
  }

  /** An API error answered with its code (error 14 included). */
  public void handledError(String handler, int code) {
    count("api_handled_errors_total{code=\"" + code + "\",request=\"" + handler + "\"}", 1);
  }

  /** An unexpected failure (answered with error 5); {@code cause}: postgres, redis or unknown. */
  public void unhandledError(String handler, String cause) {
    count("api_unhandled_errors_total{cause=\"" + cause + "\",request=\"" + handler + "\"}", 1);
  }

  public void rateLimited(String bucket) {
    count("api_rate_limit_exceeded_total{bucket=\"" + bucket + "\"}", 1);
  }

  /** One fingerprint search of a lookup and how many tracks it matched. */
  public void lookupSearch(int matches) {
    count("api_lookup_searches_total", 1);
    count("api_lookup_matches_total", matches);
  }

  public void newSubmissions(int n) {
    count("new_submissions_total", n);
  }

  /** A counter kept elsewhere (e.g. the import worker's total), read at scrape time. */
  public void counter(String name, LongSupplier value) {
    counterFunctions.put(name, value);
  }

  /** A value read at scrape time, e.g. requests let through while Redis was down. */
  public void gauge(String name, LongSupplier value) {
    gauges.put(name, value);
  }

  private void count(String series, long n) {
    counters.computeIfAbsent(series, k -> new LongAdder()).add(n);
  }

  /** The scrape body. */
  public String render() {
    StringBuilder out = new StringBuilder();
    Map<String, Map<String, Long>> byName = new TreeMap<>();
    counters.forEach((series, adder) -> {
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      byName.computeIfAbsent(name, k -> new TreeMap<>()).put(series, adder.sum());
    });
    counterFunctions.forEach((name, value) ->
        byName.computeIfAbsent(name, k -> new TreeMap<>()).put(name, value.getAsLong()));
    byName.forEach((name, series) -> {
      out.append("# TYPE ").append(name).append(" counter\n");
      series.forEach((s, v) -> out.append(s).append(' ').append(v).append('\n'));
    });
    out.append("# TYPE api_request_duration_seconds histogram\n");
    new TreeMap<>(durations)
        .forEach((handler, h) -> {
          String label = "request=\"" + handler + "\"";
          for (int i = 0; i < BUCKETS.length; i++) {
            out.append("api_request_duration_seconds_bucket{")
                .append(label)
                .append(",le=\"")
                .append(BUCKETS[i])
                .append("\"} ")
                .append(h.buckets[i].sum())
                .append('\n');
          }
          long count = h.count.sum();
          out.append("api_request_duration_seconds_bucket{")
              .append(label)
              .append(",le=\"+Inf\"} ")
              .append(count)
              .append('\n');
          out.append("api_request_duration_seconds_sum{")
              .append(label)
              .append("} ")
              .append(String.format(Locale.ROOT, "%.6f", h.sumNanos.sum() / 1e9))
              .append('\n');
          out.append("api_request_duration_seconds_count{")
              .append(label)
              .append("} ")
              .append(count)
              .append('\n');
        });
    new TreeMap<>(gauges)
        .forEach((name, value) ->
            out.append("# TYPE ")
                .append(name)
                .append(" gauge\n")
                .append(name)
                .append(' ')
                .append(value.getAsLong())
                .append('\n'));
    return out.toString();
  }
}
