package org.acoustid.fpindex.server.api;

import org.acoustid.fpindex.server.codec.BodyWriter;

/**
 * {@code {"version": v}}: the answer of {@code _update} and of {@code GET /:index/:id}. The version
 * is an unsigned 64-bit number.
 */
public record VersionResponse(long version) implements ResponseBody {
  @Override
  public void writeTo(BodyWriter writer) {
    writer.beginMap(1).key("version").u64(version).endMap();
  }
}
