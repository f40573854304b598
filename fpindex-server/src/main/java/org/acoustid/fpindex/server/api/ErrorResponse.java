package org.acoustid.fpindex.server.api;

import org.acoustid.fpindex.server.codec.BodyWriter;

/** {@code {"error": name}}, MessagePack {@code {"e": name}}. */
public record ErrorResponse(String error) implements ResponseBody {
  @Override
  public void writeTo(BodyWriter writer) {
    writer.beginMap(1).key("error").string(error).endMap();
  }
}
