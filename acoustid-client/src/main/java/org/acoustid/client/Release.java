package org.acoustid.client;

import java.util.List;

/** A release; only {@link #id()} is set for {@code releaseids}. */
public record Release(
    String id,
    String title,
    String country,
    ReleaseDate date,
    Integer mediumCount,
    Integer trackCount,
    List<Artist> artists,
    List<Medium> mediums) {}
