package org.acoustid.server.lookup;

import java.util.UUID;

/** A stored fingerprint matching a query: its id, its track and the {@code compare2} score. */
public record FingerprintMatch(int fingerprintId, int trackId, UUID trackGid, float score) {}
