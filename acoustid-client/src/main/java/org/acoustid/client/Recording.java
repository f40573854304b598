package org.acoustid.client;

import java.util.List;

/**
 * A MusicBrainz recording linked to an AcoustID track. Only {@link #id()} is set for {@code
 * recordingids} or when MusicBrainz does not know the recording; lists are empty, never null.
 *
 * @param durationSeconds length in seconds, or null when unknown
 * @param sources how many submissions linked this recording ({@code meta=sources}), or null
 */
public record Recording(
    String id,
    String title,
    Double durationSeconds,
    List<Artist> artists,
    List<ReleaseGroup> releaseGroups,
    List<Release> releases,
    Integer sources,
    List<String> isrcs) {

  /** The credited artists as one display string, or null. */
  public String artistName() {
    return Artist.display(artists);
  }
}
