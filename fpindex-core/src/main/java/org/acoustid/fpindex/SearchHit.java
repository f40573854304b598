package org.acoustid.fpindex;

/** A matching document: {@code id} (unsigned) and its score (matched query hash occurrences). */
public record SearchHit(int id, int score) {}
