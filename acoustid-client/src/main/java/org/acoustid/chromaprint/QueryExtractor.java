package org.acoustid.chromaprint;

import java.util.Arrays;

/**
 * {@code acoustid_extract_query}: the values of a raw fingerprint that go to the index — up to
 * {@value #MAX_TERMS} distinct items with the low 4 bits cleared (28 significant bits), silence
 * items skipped, starting at item {@code max(0, min(clean - 120, 80))} of the original array (the
 * upstream quirk counts non-silence items but indexes the original), in order of first appearance.
 */
public final class QueryExtractor {
  /** The raw item of digital silence. */
  public static final int SILENCE = 627964279;

  public static final int MASK = 0xFFFF_FFF0;
  public static final int MAX_TERMS = 120;
  static final int START = 80;

  private QueryExtractor() {}

  public static int[] extract(int[] raw) {
    int clean = 0;
    for (int item : raw) {
      if (item != SILENCE) {
        clean++;
      }
    }
    if (clean == 0) {
      return new int[0];
    }
    int start = Math.max(0, Math.min(clean - MAX_TERMS, START));
    int[] query = new int[MAX_TERMS];
    int n = 0;
    for (int i = start; i < raw.length && n < MAX_TERMS; i++) {
      if (raw[i] == SILENCE) {
        continue;
      }
      int value = raw[i] & MASK;
      boolean seen = false;
      for (int j = 0; j < n && seen == false; j++) {
        seen = query[j] == value;
      }
      if (seen == false) {
        query[n++] = value;
      }
    }
    return Arrays.copyOf(query, n);
  }
}
