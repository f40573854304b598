package org.acoustid.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits submissions into requests the service accepts: at most {@value #MAX_ENTRIES} entries and a
 * body (before compression, which is how the service measures it) below {@link #MAX_BODY_BYTES}
 * minus room for the common fields.
 */
final class SubmissionBatches {
  static final int MAX_ENTRIES = 100;

  /** The service's limit on a decompressed body. */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  /** Room kept for format, client, user and clientversion. */
  static final int COMMON_FIELDS_ALLOWANCE = 4096;

  private SubmissionBatches() {}

  /** Consecutive slices of {@code submissions}, in order; a single oversized entry is an error. */
  static List<List<Submission>> split(
      List<Submission> submissions, int maxEntries, int maxBodyBytes) {
    List<List<Submission>> batches = new ArrayList<>();
    List<Submission> current = new ArrayList<>();
    int currentBytes = COMMON_FIELDS_ALLOWANCE;
    for (Submission s : submissions) {
      // measure with the largest suffix the entry could get in its batch
      int bytes = FormBody.encodedLength(s.formFields(maxEntries - 1));
      if (COMMON_FIELDS_ALLOWANCE + bytes > maxBodyBytes) {
        throw new IllegalArgumentException(
            "one submission encodes to "
                + bytes
                + " bytes, over the request limit of "
                + maxBodyBytes);
      }
      if (current.size() == maxEntries || currentBytes + bytes > maxBodyBytes) {
        batches.add(current);
        current = new ArrayList<>();
        currentBytes = COMMON_FIELDS_ALLOWANCE;
      }
      current.add(s);
      currentBytes += bytes;
    }
    if (current.isEmpty() == false) {
      batches.add(current);
    }
    return batches;
  }
}
