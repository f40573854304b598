package org.acoustid.chromaprint;

import java.util.ArrayList;
import java.util.List;

/**
 * The cumulative table of chroma rows: {@code I[r][c]} = sum of all values in rows {@code <= r} and
 * columns {@code <= c}, built as prefix sums along each row added to the previous row, and read
 * with the library's exact evaluation order (bit-exactness depends on it). Not thread-safe.
 */
final class IntegralImage {
  static final int BANDS = 12;
  private final List<double[]> rows = new ArrayList<>();

  void addRow(double[] row) {
    double[] cumulative = new double[BANDS];
    double prefix = 0;
    double[] previous = rows.isEmpty() ? null : rows.getLast();
    for (int c = 0; c < BANDS; c++) {
      prefix += row[c];
      cumulative[c] = previous == null ? prefix : previous[c] + prefix;
    }
    rows.add(cumulative);
  }

  int rowCount() {
    return rows.size();
  }

  /** Sum over rows {@code [r1, r2)} and columns {@code [c1, c2)}. */
  double area(int r1, int c1, int r2, int c2) {
    if (r1 == r2 || c1 == c2) {
      return 0;
    }
    double[] last = rows.get(r2 - 1);
    if (r1 == 0 && c1 == 0) {
      return last[c2 - 1];
    }
    if (r1 == 0) {
      return last[c2 - 1] - last[c1 - 1];
    }
    double[] before = rows.get(r1 - 1);
    if (c1 == 0) {
      return last[c2 - 1] - before[c2 - 1];
    }
    return ((last[c2 - 1] - before[c2 - 1]) - last[c1 - 1]) + before[c1 - 1];
  }
}
