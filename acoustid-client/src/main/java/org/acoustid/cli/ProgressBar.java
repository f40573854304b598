package org.acoustid.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal stream: done/total, rate and time left, redrawn at most ten
 * times a second (and always at the end) so long runs do not flood a log.
 */
public final class ProgressBar {
  static final int WIDTH = 30;

  private final PrintWriter out;
  private final String unit;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long done;
  private long lastDrawNanos;
  private long drawnDone = -1;

  public ProgressBar(PrintWriter out, String unit, long total) {
    this.out = out;
    this.unit = unit;
    this.total = total;
  }

  public synchronized void step(long n) {
    done += n;
    long now = System.nanoTime();
    if (done >= total || now - lastDrawNanos > 100_000_000L) {
      lastDrawNanos = now;
      drawnDone = done;
      out.print("\r" + line(now));
      out.flush();
    }
  }

  /** Ends the line (after the last step). */
  public synchronized void finish() {
    if (drawnDone != done) {
      out.print("\r" + line(System.nanoTime()));
    }
    out.println();
    out.flush();
  }

  String line(long nowNanos) {
    int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double rate = done / seconds;
    String left =
        rate > 0 && done < total
            ? String.format(Locale.ROOT, ", %.0f s left", (total - done) / rate)
            : "";
    return String.format(
        Locale.ROOT,
        "[%s%s] %d/%d %s (%.1f/s%s)",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        done,
        total,
        unit,
        rate,
        left);
  }
}
