package org.acoustid.fpindex.server.api;

import org.acoustid.fpindex.server.codec.BodyWriter;

/** {@code {"generation", "version", "file_version"}}, MessagePack {@code {g, v, f}}. */
public record PeerStatusResponse(long generation, long version, long fileVersion)
    implements ResponseBody {
  @Override
  public void writeTo(BodyWriter writer) {
    writer
        .beginMap(3)
        .key("generation")
        .u64(generation)
        .key("version")
        .u64(version)
        .key("file_version")
        .u64(fileVersion)
        .endMap();
  }
}
