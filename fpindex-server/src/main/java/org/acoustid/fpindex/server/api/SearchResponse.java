package org.acoustid.fpindex.server.api;

import java.util.List;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.fpindex.server.codec.BodyWriter;

/** {@code {"results": [{"id", "score"}]}}, MessagePack {@code {"r": [{"i", "s"}]}}. */
public record SearchResponse(List<SearchHit> results) implements ResponseBody {
  @Override
  public void writeTo(BodyWriter writer) {
    writer.beginMap(1).key("results").beginArray(results.size());
    for (SearchHit hit : results) {
      writer.beginMap(2).key("id").u32(hit.id()).key("score").u32(hit.score()).endMap();
    }
    writer.endArray().endMap();
  }
}
