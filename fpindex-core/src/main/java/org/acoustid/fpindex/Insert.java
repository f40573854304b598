package org.acoustid.fpindex;

/**
 * Creates or fully replaces document {@code id}. Ids and hashes are unsigned 32-bit values held in
 * ints; id 0 is invalid. Hashes may be empty (the document exists but never matches) and may repeat
 * (each occurrence counts in scores). {@link FpIndex#update} rejects id 0. The array is not copied:
 * do not modify it after passing it.
 */
public record Insert(int id, int[] hashes) implements Change {
  public Insert {
    if (hashes == null) {
      throw new IllegalArgumentException("hashes must not be null (use an empty array)");
    }
  }
}
