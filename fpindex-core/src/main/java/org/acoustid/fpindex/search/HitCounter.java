package org.acoustid.fpindex.search;

import java.util.Arrays;

/**
 * Per-document hit counts of one search: an open-addressing table of (id, count) with linear
 * probing. Id 0 never occurs (it is invalid) and marks empty slots. Not thread-safe; one per
 * search.
 */
public final class HitCounter {
  private int[] ids;
  private int[] counts;
  private int size;
  private int mask;

  public HitCounter(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    ids = new int[capacity];
    counts = new int[capacity];
    mask = capacity - 1;
  }

  public void add(int id) {
    int slot = mix(id) & mask;
    while (true) {
      int current = ids[slot];
      if (current == id) {
        counts[slot]++;
        return;
      }
      if (current == 0) {
        ids[slot] = id;
        counts[slot] = 1;
        if (++size * 2 > ids.length) {
          grow();
        }
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  public int size() {
    return size;
  }

  /** Calls {@code visitor} for each (id, count). */
  public void forEach(Visitor visitor) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != 0) {
        visitor.visit(ids[i], counts[i]);
      }
    }
  }

  /** Receives counted documents. */
  public interface Visitor {
    void visit(int id, int count);
  }

  private void grow() {
    int[] oldIds = ids;
    int[] oldCounts = counts;
    ids = new int[oldIds.length * 2];
    counts = new int[oldIds.length * 2];
    mask = ids.length - 1;
    size = 0;
    for (int i = 0; i < oldIds.length; i++) {
      if (oldIds[i] != 0) {
        int slot = mix(oldIds[i]) & mask;
        while (ids[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        ids[slot] = oldIds[i];
        counts[slot] = oldCounts[i];
        size++;
      }
    }
  }

  private static int mix(int id) {
    int h = id * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  @Override
  public String toString() {
    return "HitCounter[size="
        + size
        + ", capacity="
        + ids.length
        + "]"
        + (size < 0 ? Arrays.toString(ids) : "");
  }
}
