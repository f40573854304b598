package org.acoustid.client;

/** A possibly partial date: any part may be null. */
public record ReleaseDate(Integer year, Integer month, Integer day) {}
