package org.acoustid.fpindex.server.api;

import org.acoustid.fpindex.server.codec.BodyWriter;

/** {@code {"version", "ready", "generation"}}, MessagePack {@code {v, r, g}}. */
public record CreateIndexResponse(long version, boolean ready, long generation)
    implements ResponseBody {
  @Override
  public void writeTo(BodyWriter writer) {
    writer
        .beginMap(3)
        .key("version")
        .u64(version)
        .key("ready")
        .bool(ready)
        .key("generation")
        .u64(generation)
        .endMap();
  }
}
