package org.acoustid.fpindex.server;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyReader;
import org.acoustid.fpindex.server.codec.ContentNegotiation;

/**
 * One HTTP request as handlers see it: the matched route, headers, the whole body (copied off the
 * Netty buffer, so handlers may run on any thread), and the negotiated formats.
 */
public record ApiRequest(
    HttpMethod method,
    Route.Match match,
    HttpHeaders headers,
    byte[] body,
    ContentNegotiation negotiation) {

  public boolean isHead() {
    return method.equals(HttpMethod.HEAD);
  }

  /** The body decoded into a tree; 415 for an unsupported type, 400 when missing or malformed. */
  public Object requiredBody() {
    return decode();
  }

  /** The decoded body, or null when the body is empty (then its type is never checked). */
  public Object optionalBody() {
    return body.length == 0 ? null : decode();
  }

  public BodyFormat requestFormat() {
    return negotiation.request();
  }

  private Object decode() {
    if (negotiation.requestTypeUnsupported()) {
      throw new ApiException(
          ApiError.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Type " + headers.get("Content-Type"));
    }
    return BodyReader.read(negotiation.request(), body);
  }
}
