package org.acoustid.server.api.v2;

/**
 * The API generation a request arrived on. {@link #V1} is the legacy {@code /lookup} and {@code
 * /submit} (specification §5): the same endpoints as v2, with the duration named {@code length},
 * the submitted file format named {@code format} (so the answer is always XML), a {@code length}
 * out of range reported as a missing parameter (error 2, not 8), and lookup metadata limited to
 * recording ids, listed as {@code tracks}.
 */
public enum ApiVersion {
  V1("length", "format"),
  V2("duration", "fileformat");

  private final String durationParameter;
  private final String fileFormatParameter;

  ApiVersion(String durationParameter, String fileFormatParameter) {
    this.durationParameter = durationParameter;
    this.fileFormatParameter = fileFormatParameter;
  }

  /** The name of an entry's duration in seconds: {@code duration} in v2, {@code length} in v1. */
  public String durationParameter() {
    return durationParameter;
  }

  /** The name of a submitted file's format: {@code fileformat} in v2, {@code format} in v1. */
  public String fileFormatParameter() {
    return fileFormatParameter;
  }
}
