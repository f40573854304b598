package org.acoustid.fpindex.server;

/**
 * A request failure with a known API error. Thrown anywhere between routing and the index call;
 * {@link ErrorMapper} turns it (and every other exception) into a response in one place.
 */
public final class ApiException extends RuntimeException {
  private final ApiError error;

  public ApiException(ApiError error, String detail) {
    super(detail, null, false, false);
    this.error = error;
  }

  public ApiException(ApiError error, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(ApiError.BAD_REQUEST, detail);
  }
}
