package org.acoustid.fpindex.server.api;

import java.util.Map;
import org.acoustid.fpindex.IndexInfo;
import org.acoustid.fpindex.server.codec.BodyWriter;

/**
 * {@code {"version", "metadata", "stats": {min_doc_id, max_doc_id, num_segments, num_docs}}}; in
 * MessagePack {@code v, m, s}, with the stats keys spelled out in both encodings.
 */
public record IndexInfoResponse(IndexInfo info) implements ResponseBody {
  @Override
  public void writeTo(BodyWriter writer) {
    writer.beginMap(3).key("version").u64(info.version()).key("metadata");
    writer.beginMap(info.metadata().size());
    for (Map.Entry<String, String> e : info.metadata().entrySet()) {
      writer.rawKey(e.getKey()).string(e.getValue());
    }
    writer.endMap();
    writer
        .key("stats")
        .beginMap(4)
        .rawKey("min_doc_id")
        .u32(info.minDocId())
        .rawKey("max_doc_id")
        .u32(info.maxDocId())
        .rawKey("num_segments")
        .u64(info.numSegments())
        .rawKey("num_docs")
        .u64(info.numDocs())
        .endMap()
        .endMap();
  }
}
