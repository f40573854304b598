package org.acoustid.fpindex;

/** An update's expected version differed from the index version; nothing was written. */
public final class VersionMismatchException extends FpIndexException {
  private final long expected;
  private final long actual;

  public VersionMismatchException(long expected, long actual) {
    super(
        "expected version "
            + Long.toUnsignedString(expected)
            + ", index is at "
            + Long.toUnsignedString(actual));
    this.expected = expected;
    this.actual = actual;
  }

  public long expected() {
    return expected;
  }

  public long actual() {
    return actual;
  }
}
