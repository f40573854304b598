package org.acoustid.client;

import java.io.IOException;

/**
 * The service answered with an error envelope ({@code {"status": "error", "error": {"code",
 * "message"}}}). {@link #code()} is the API's error code (for example 4 = invalid API key, 14 =
 * rate limit exceeded, 19 = request too large); {@link #httpStatus()} the HTTP status it came with.
 *
 * <p>It extends {@link IOException} so one {@code throws} clause covers every failure of a call;
 * catch this type first to tell API errors from transport failures.
 */
public final class AcoustIdApiException extends IOException {
  private final int code;
  private final int httpStatus;
  private final String apiMessage;

  public AcoustIdApiException(int code, String apiMessage, int httpStatus) {
    super("AcoustID error " + code + " (HTTP " + httpStatus + "): " + apiMessage);
    this.code = code;
    this.apiMessage = apiMessage;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  /** The server's message, verbatim. */
  public String apiMessage() {
    return apiMessage;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
