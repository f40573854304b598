package org.acoustid.chromaprint;

/**
 * A decoded compressed fingerprint.
 *
 * @param algorithm the header's algorithm byte as a signed char (1 = the default, TEST2), as the
 *     library reports it
 * @param raw the raw items, unsigned 32-bit values held in ints
 */
public record DecodedFingerprint(int algorithm, int[] raw) {}
