package org.acoustid.fpindex.server;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.acoustid.fpindex.server.api.ResponseBody;

/**
 * What a handler answers: an encoded object (JSON or MessagePack, as negotiated), plain text, or a
 * bare status for HEAD. Streaming answers (snapshots) write to the channel themselves and return
 * {@link Streamed}.
 */
public sealed interface ApiResponse {
  HttpResponseStatus status();

  record Encoded(HttpResponseStatus status, ResponseBody body) implements ApiResponse {}

  record Text(HttpResponseStatus status, String contentType, String text) implements ApiResponse {}

  record Bare(HttpResponseStatus status) implements ApiResponse {}

  /** The handler already wrote the whole response. */
  record Streamed(HttpResponseStatus status) implements ApiResponse {}

  static ApiResponse ok(ResponseBody body) {
    return new Encoded(HttpResponseStatus.OK, body);
  }
}
