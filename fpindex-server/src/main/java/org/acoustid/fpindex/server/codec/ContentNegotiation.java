package org.acoustid.fpindex.server.codec;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The request and response formats of one exchange, decided from its headers and body as the
 * upstream server does:
 *
 * <ul>
 *   <li>request: the {@code Content-Type} media type if present (null when unsupported, which the
 *       caller turns into 415 only if it decodes a body); without it MessagePack for a non-empty
 *       body, JSON otherwise;
 *   <li>response: an {@code Accept} header naming exactly one supported type wins; anything else
 *       ({@code *}{@code /*}, lists, unknown types) is ignored and the request format is mirrored,
 *       JSON when the request format is unsupported.
 * </ul>
 *
 * @param request the body format, or null when {@code Content-Type} names an unsupported type
 * @param response the format of the answer, never null
 */
public record ContentNegotiation(BodyFormat request, BodyFormat response) {

  public static ContentNegotiation of(HttpHeaders headers, boolean bodyEmpty) {
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    BodyFormat request;
    if (contentType != null) {
      request = BodyFormat.fromHeader(contentType);
    } else {
      request = bodyEmpty ? BodyFormat.JSON : BodyFormat.MSGPACK;
    }
    BodyFormat accepted = BodyFormat.fromHeader(headers.get(HttpHeaderNames.ACCEPT));
    BodyFormat response = accepted != null ? accepted : request != null ? request : BodyFormat.JSON;
    return new ContentNegotiation(request, response);
  }

  /** True when {@code Content-Type} was present but named no supported type. */
  public boolean requestTypeUnsupported() {
    return request == null;
  }
}
