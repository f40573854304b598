package org.acoustid.fpindex.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.IndexInfo;

/**
 * The upstream metric families in Prometheus text format 0.0.4. Every family's {@code # TYPE} line
 * is written even before it has samples; per-index series disappear when their index is deleted.
 *
 * <p>Thread-safe: counters are {@link LongAdder}s, histograms lock-free arrays.
 */
public final class ServerMetrics {
  static final double[] SEARCH_DURATION_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
  static final double[] SCANNED_DOCS_BUCKETS = {1, 2, 3, 5, 10, 50, 100, 500, 1000};
  static final double[] SCANNED_BLOCKS_BUCKETS = {1, 2, 3, 5, 10};

  /** Counters and the search histogram of one index. */
  static final class IndexSeries {
    final LongAdder searches = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder updates = new LongAdder();
    final Histogram searchDuration = new Histogram(SEARCH_DURATION_BUCKETS);
  }

  /** A cumulative histogram with fixed upper bounds. */
  static final class Histogram {
    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new AtomicLongArray(bounds.length + 1);
    }

    void observe(double value) {
      int i = 0;
      while (i < bounds.length && value > bounds[i]) {
        i++;
      }
      counts.incrementAndGet(i);
      sum.add(value);
    }

    void render(StringBuilder out, String name, String labels) {
      long cumulative = 0;
      for (int i = 0; i < bounds.length; i++) {
        cumulative += counts.get(i);
        out.append(name).append("_bucket{").append(labels);
        if (labels.isEmpty() == false) {
          out.append(',');
        }
        out.append("le=\"")
            .append(format(bounds[i]))
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      cumulative += counts.get(bounds.length);
      out.append(name).append("_bucket{").append(labels);
      if (labels.isEmpty() == false) {
        out.append(',');
      }
      out.append("le=\"+Inf\"} ").append(cumulative).append('\n');
      String braces = labels.isEmpty() ? "" : "{" + labels + "}";
      out.append(name).append("_sum").append(braces).append(' ').append(sum.sum()).append('\n');
      out.append(name).append("_count").append(braces).append(' ').append(cumulative).append('\n');
    }
  }

  private final Map<String, IndexSeries> series = new ConcurrentHashMap<>();
  private final Histogram scannedDocs = new Histogram(SCANNED_DOCS_BUCKETS);
  private final Histogram scannedBlocks = new Histogram(SCANNED_BLOCKS_BUCKETS);

  IndexSeries of(String index) {
    return series.computeIfAbsent(index, name -> new IndexSeries());
  }

  public void searched(String index, int results, long nanos) {
    IndexSeries s = of(index);
    s.searches.increment();
    (results > 0 ? s.hits : s.misses).increment();
    s.searchDuration.observe(nanos / 1e9);
  }

  public void updated(String index) {
    of(index).updates.increment();
  }

  public void indexDeleted(String index) {
    series.remove(index);
  }

  public void scannedPerHash(int docs, int blocks) {
    scannedDocs.observe(docs);
    scannedBlocks.observe(blocks);
  }

  /**
   * The exposition text; {@code infoOf} supplies each live index's info (null when it vanished
   * meanwhile) for the gauges refreshed at scrape time, {@code maintenance} the engine's counts of
   * checkpoints and merges summed over the live indexes.
   */
  public String render(
      Iterable<String> liveIndexes,
      Function<String, IndexInfo> infoOf,
      FpIndex.MaintenanceCounts maintenance) {
    StringBuilder out = new StringBuilder(4096);
    family(out, "fpindex_searches_total", "counter", "Searches executed");
    series.forEach((name, s) -> sample(out, "fpindex_searches_total", name, s.searches.sum()));
    family(out, "fpindex_search_hits_total", "counter", "Searches returning at least one result");
    series.forEach((name, s) -> sample(out, "fpindex_search_hits_total", name, s.hits.sum()));
    family(out, "fpindex_search_misses_total", "counter", "Searches returning no result");
    series.forEach((name, s) -> sample(out, "fpindex_search_misses_total", name, s.misses.sum()));
    family(out, "fpindex_search_duration_seconds", "histogram", "Search time");
    series.forEach((name, s) ->
        s.searchDuration.render(out, "fpindex_search_duration_seconds", indexLabel(name)));
    family(out, "fpindex_updates_total", "counter", "Commits applied");
    series.forEach((name, s) -> sample(out, "fpindex_updates_total", name, s.updates.sum()));
    family(out, "fpindex_checkpoints_total", "counter", "Memory to file segment flushes");
    out.append("fpindex_checkpoints_total ").append(maintenance.checkpoints()).append('\n');
    family(out, "fpindex_memory_merges_total", "counter", "Memory segment merges");
    out.append("fpindex_memory_merges_total ").append(maintenance.memoryMerges()).append('\n');
    family(out, "fpindex_file_merges_total", "counter", "File segment merges");
    out.append("fpindex_file_merges_total ").append(maintenance.fileMerges()).append('\n');
    family(
        out,
        "fpindex_scanned_docs_per_hash",
        "histogram",
        "Docs matched per query hash per file segment");
    scannedDocs.render(out, "fpindex_scanned_docs_per_hash", "");
    family(
        out,
        "fpindex_scanned_blocks_per_hash",
        "histogram",
        "Blocks scanned per query hash per file segment");
    scannedBlocks.render(out, "fpindex_scanned_blocks_per_hash", "");
    StringBuilder docs = new StringBuilder();
    StringBuilder versions = new StringBuilder();
    for (String name : liveIndexes) {
      IndexInfo info = infoOf.apply(name);
      if (info != null) {
        sample(docs, "fpindex_docs", name, info.numDocs());
        versions
            .append("fpindex_version{")
            .append(indexLabel(name))
            .append("} ")
            .append(Long.toUnsignedString(info.version()))
            .append('\n');
      }
    }
    family(out, "fpindex_docs", "gauge", "Number of documents in an index");
    out.append(docs);
    family(out, "fpindex_version", "gauge", "Upstream changelog position the index reflects");
    out.append(versions);
    return out.toString();
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String index, long value) {
    out.append(name).append('{').append(indexLabel(index)).append("} ").append(value).append('\n');
  }

  /** Index names are [A-Za-z0-9_-], so they need no escaping. */
  private static String indexLabel(String index) {
    return "index=\"" + index + "\"";
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }
}
