package org.acoustid.client;

import java.util.List;

/** A track of a medium (MusicBrainz track id, position, title, credits). */
public record Track(String id, Integer position, String title, List<Artist> artists) {}
