package org.acoustid.client;

/**
 * One artist credit: MusicBrainz artist id, credited name, and the phrase joining it to the next.
 */
public record Artist(String id, String name, String joinPhrase) {
  /** Credits joined as MusicBrainz displays them ({@code "A feat. B"}). */
  public static String display(java.util.List<Artist> credits) {
    if (credits == null || credits.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (Artist artist : credits) {
      out.append(artist.name() == null ? "" : artist.name());
      if (artist.joinPhrase() != null) {
        out.append(artist.joinPhrase());
      }
    }
    return out.toString();
  }
}
