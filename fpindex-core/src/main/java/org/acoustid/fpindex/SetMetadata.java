package org.acoustid.fpindex;

/** Sets index-level attribute {@code key} to {@code value}; the newest value wins, keys stay. */
public record SetMetadata(String key, String value) implements Change {
  public SetMetadata {
    if (key == null || value == null) {
      throw new IllegalArgumentException("metadata key and value must not be null");
    }
  }
}
