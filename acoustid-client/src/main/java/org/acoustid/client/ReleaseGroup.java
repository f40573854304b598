package org.acoustid.client;

import java.util.List;

/** A release group; only {@link #id()} is set for {@code releasegroupids}. */
public record ReleaseGroup(
    String id,
    String title,
    String type,
    List<String> secondaryTypes,
    List<Artist> artists,
    List<Release> releases) {}
