package org.acoustid.client;

import java.util.List;

/** A medium of a release ({@code meta=tracks}). */
public record Medium(
    Integer position, Integer trackCount, String format, String title, List<Track> tracks) {}
