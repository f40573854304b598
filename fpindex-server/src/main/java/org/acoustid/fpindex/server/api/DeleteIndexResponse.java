package org.acoustid.fpindex.server.api;

import org.acoustid.fpindex.server.codec.BodyWriter;

/** {@code {"deleted": bool}}, MessagePack {@code {d}}. */
public record DeleteIndexResponse(boolean deleted) implements ResponseBody {
  @Override
  public void writeTo(BodyWriter writer) {
    writer.beginMap(1).key("deleted").bool(deleted).endMap();
  }
}
