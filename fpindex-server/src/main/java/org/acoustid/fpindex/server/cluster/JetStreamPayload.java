package org.acoustid.fpindex.server.cluster;

import java.util.ArrayList;
import java.util.List;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.server.ApiException;
import org.acoustid.fpindex.server.api.UpdateRequestBody;
import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyObject;
import org.acoustid.fpindex.server.codec.BodyReader;
import org.acoustid.fpindex.server.codec.BodyWriter;

/**
 * Payloads of the {@link JetStreamChangelog} messages, MessagePack with the one-letter keys of spec
 * §2.3 (the Change mapping itself is {@link UpdateRequestBody}'s):
 *
 * <pre>
 * data message = [Change, ...]                      one write batch, in order
 * meta message = {"k": 0 (create) | 1 (delete), "i": index name}
 * </pre>
 *
 * The meta op is the coordinator protocol's {@code {p, k, i}} without {@code p}, which is the
 * message's stream sequence. A payload that does not decode is a {@link ChangelogException} naming
 * the stream and the sequence.
 */
final class JetStreamPayload {
  private JetStreamPayload() {}

  /** One message as read back from a stream. */
  record Stored(String stream, long sequence, String subject, byte[] data) {}

  static byte[] encodeChanges(List<Change> changes) {
    BodyWriter out = BodyWriter.create(BodyFormat.MSGPACK).beginArray(changes.size());
    for (Change change : changes) {
      UpdateRequestBody.writeChange(out, change);
    }
    return out.endArray().toBytes();
  }

  static List<Change> decodeChanges(Stored message) throws ChangelogException {
    try {
      if (!(BodyReader.read(BodyFormat.MSGPACK, message.data()) instanceof List<?> items)) {
        throw corrupt(message, "not an array of changes");
      }
      List<Change> changes = new ArrayList<>(items.size());
      for (Object item : items) {
        changes.addAll(UpdateRequestBody.parseChange(item, BodyFormat.MSGPACK));
      }
      return changes;
    } catch (ApiException e) {
      throw corrupt(message, e.getMessage());
    }
  }

  static byte[] encodeMetaOp(Changelog.MetaOp.Kind kind, String index) {
    return BodyWriter.create(BodyFormat.MSGPACK)
        .beginMap(2)
        .key("kind")
        .u32(kind == Changelog.MetaOp.Kind.CREATE ? 0 : 1)
        .key("index")
        .string(index)
        .endMap()
        .toBytes();
  }

  static Changelog.MetaOp.Kind decodeMetaKind(Stored message) throws ChangelogException {
    try {
      Object node = BodyReader.read(BodyFormat.MSGPACK, message.data());
      long kind =
          BodyObject.of(node, BodyFormat.MSGPACK, "meta op", "kind", "index").u32("kind", -1);
      return switch ((int) kind) {
        case 0 -> Changelog.MetaOp.Kind.CREATE;
        case 1 -> Changelog.MetaOp.Kind.DELETE;
        default -> throw corrupt(message, "unknown kind " + kind);
      };
    } catch (ApiException e) {
      throw corrupt(message, e.getMessage());
    }
  }

  private static ChangelogException corrupt(Stored message, String detail) {
    return new ChangelogException(
        "corrupt message #"
            + message.sequence()
            + " in stream "
            + message.stream()
            + ": "
            + detail);
  }
}
