package org.acoustid.server.api.v2;

/** A request failure with an API error; rendered in the envelope with the error's HTTP status. */
public final class ApiException extends Exception {
  private final ApiError error;

  public ApiException(ApiError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }
}
