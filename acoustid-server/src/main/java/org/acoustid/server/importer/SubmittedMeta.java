package org.acoustid.server.importer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.acoustid.server.api.v2.Renderers;

/**
 * The text metadata of a submission (specification §9.1) and its content gid (§9.4): a UUID v5 of
 * the compact JSON of the non-empty fields in fixed order, non-ASCII kept as is, so equal metadata
 * always lands on one {@code meta} row.
 */
public record SubmittedMeta(
    String track,
    String artist,
    String album,
    String albumArtist,
    Integer trackNo,
    Integer discNo,
    Integer year) {
  static final UUID NAMESPACE = UUID.fromString("3b3bd228-5d2c-11ea-b498-60f67731bf41");

  public UUID gid() {
    return UuidV5.of(NAMESPACE, canonicalJson().getBytes(StandardCharsets.UTF_8));
  }

  /** The JSON hashed for the gid, e.g. {@code {"track":"foo","year":1}}. */
  public String canonicalJson() {
    StringBuilder out = new StringBuilder("{");
    text(out, "track", track);
    text(out, "artist", artist);
    text(out, "album", album);
    text(out, "album_artist", albumArtist);
    number(out, "track_no", trackNo);
    number(out, "disc_no", discNo);
    number(out, "year", year);
    return out.append('}').toString();
  }

  private static void text(StringBuilder out, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    separate(out).append('"').append(key).append("\":");
    Renderers.jsonString(out, value, false); // non-ASCII kept, as the gid's definition says
  }

  private static void number(StringBuilder out, String key, Integer value) {
    if (value != null && value != 0) {
      separate(out).append('"').append(key).append("\":").append(value);
    }
  }

  private static StringBuilder separate(StringBuilder out) {
    return out.length() > 1 ? out.append(',') : out;
  }

  public boolean isEmpty() {
    return canonicalJson().equals("{}");
  }
}
