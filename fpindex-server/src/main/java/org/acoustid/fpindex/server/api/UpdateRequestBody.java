package org.acoustid.fpindex.server.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SetMetadata;
import org.acoustid.fpindex.server.ApiException;
import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyObject;
import org.acoustid.fpindex.server.codec.BodyWriter;

/**
 * Body of {@code POST /:index/_update}: {@code changes} (required, may be empty), {@code metadata}
 * (string map or null, applied after the changes), {@code expected_version} (u64 or null).
 *
 * <p>Ids are parsed as u32 here; id 0 is checked separately ({@link #hasZeroId()}) because the spec
 * orders that check after body decoding but before the index lookup.
 */
public record UpdateRequestBody(List<Change> changes, OptionalLong expectedVersion) {

  public static UpdateRequestBody parse(Object node, BodyFormat format) {
    BodyObject body =
        BodyObject.of(node, format, "update request", "changes", "metadata", "expected_version");
    List<Change> changes = new ArrayList<>();
    for (Object item : body.list("changes")) {
      changes.addAll(parseChange(item, format));
    }
    Map<String, String> metadata = body.stringMap("metadata");
    if (metadata != null) {
      metadata.forEach((k, v) -> changes.add(new SetMetadata(k, v)));
    }
    OptionalLong expected =
        body.has("expected_version")
            ? OptionalLong.of(body.u64("expected_version", 0))
            : OptionalLong.empty();
    return new UpdateRequestBody(changes, expected);
  }

  /** True when an insert or delete names id 0 ({@code InvalidFingerprintId}). */
  public boolean hasZeroId() {
    for (Change change : changes) {
      if (change instanceof Insert insert && insert.id() == 0) {
        return true;
      }
      if (change instanceof Delete delete && delete.id() == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * One wire Change (a one-entry map). A {@code set_metadata} change yields one {@link SetMetadata}
   * per entry, so the list can hold several.
   */
  public static List<Change> parseChange(Object item, BodyFormat format) {
    BodyObject change = BodyObject.of(item, format, "change", "insert", "delete", "set_metadata");
    int present =
        (change.has("insert") ? 1 : 0)
            + (change.has("delete") ? 1 : 0)
            + (change.has("set_metadata") ? 1 : 0);
    if (present != 1) {
      throw ApiException.badRequest(
          "a change must have exactly one of insert, delete, set_metadata");
    }
    if (change.has("insert")) {
      BodyObject insert = BodyObject.of(change.node("insert"), format, "insert", "id", "hashes");
      int id = (int) insert.requiredU32("id");
      return List.of(new Insert(id, insert.u32Array("hashes")));
    }
    if (change.has("delete")) {
      BodyObject delete = BodyObject.of(change.node("delete"), format, "delete", "id");
      return List.of(new Delete((int) delete.requiredU32("id")));
    }
    BodyObject set = BodyObject.of(change.node("set_metadata"), format, "set_metadata", "entries");
    List<Change> entries = new ArrayList<>();
    for (Object entryNode : set.list("entries")) {
      BodyObject entry = BodyObject.of(entryNode, format, "metadata entry", "key", "value");
      entries.add(new SetMetadata(entry.string("key"), entry.string("value")));
    }
    return entries;
  }

  /**
   * Writes {@code change} as the wire's one-entry map, the inverse of {@link #parseChange}; the
   * changelog protocol carries Changes in this form (spec §11.4).
   */
  public static void writeChange(BodyWriter out, Change change) {
    out.beginMap(1);
    switch (change) {
      case Insert insert -> {
        out.key("insert").beginMap(2).key("id").u32(insert.id());
        out.key("hashes").beginArray(insert.hashes().length);
        for (int hash : insert.hashes()) {
          out.u32(hash);
        }
        out.endArray().endMap();
      }
      case Delete delete -> out.key("delete").beginMap(1).key("id").u32(delete.id()).endMap();
      case SetMetadata set ->
          out.key("set_metadata")
              .beginMap(1)
              .key("entries")
              .beginArray(1)
              .beginMap(2)
              .key("key")
              .string(set.key())
              .key("value")
              .string(set.value())
              .endMap()
              .endArray()
              .endMap();
    }
    out.endMap();
  }
}
