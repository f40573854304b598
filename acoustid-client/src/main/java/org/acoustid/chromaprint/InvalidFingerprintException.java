package org.acoustid.chromaprint;

/**
 * A compressed fingerprint (binary or base64) that cannot be decoded; the message says why. The
 * only exception {@link FingerprintCodec} decoding throws, whatever the input.
 */
public final class InvalidFingerprintException extends IllegalArgumentException {
  public InvalidFingerprintException(String message) {
    super(message);
  }
}
