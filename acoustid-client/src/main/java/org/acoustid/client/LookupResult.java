package org.acoustid.client;

import java.util.List;

/**
 * One matching AcoustID track with its score (0..1) and whatever {@link Meta} attached. Lists are
 * empty, never null.
 */
public record LookupResult(
    String trackId,
    double score,
    List<Recording> recordings,
    List<ReleaseGroup> releaseGroups,
    List<Release> releases) {}
