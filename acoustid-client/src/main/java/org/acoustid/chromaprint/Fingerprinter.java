package org.acoustid.chromaprint;

/**
 * A streaming fingerprinter: {@link #start} with the input format, {@link #feed} interleaved 16-bit
 * PCM in any chunking, {@link #finish}, then read the fingerprint. Implemented in pure Java by
 * {@link JavaFingerprinter}; the JNA binding of libchromaprint implements it too.
 *
 * <pre>{@code
 * Fingerprinter fp = new JavaFingerprinter(Algorithm.DEFAULT);
 * fp.start(44100, 2);
 * fp.feed(pcm, 0, pcm.length);
 * fp.finish();
 * String text = fp.fingerprint(); // "AQAA..."
 * }</pre>
 */
public interface Fingerprinter {
  /** Resets and expects PCM at {@code sampleRate} Hz with {@code channels} interleaved channels. */
  void start(int sampleRate, int channels);

  /** Feeds {@code length} int16 values (all channels, interleaved) from {@code offset}. */
  void feed(short[] pcm, int offset, int length);

  /** Flushes buffered input; the fingerprint is complete afterwards. */
  void finish();

  /** The raw items (unsigned 32-bit values in ints). */
  int[] rawFingerprint();

  /** The compressed fingerprint as URL-safe base64, as fpcalc prints it. */
  default String fingerprint() {
    return FingerprintCodec.encodeBase64(rawFingerprint(), algorithm().id());
  }

  /** {@link SimHash} of the raw fingerprint. */
  default int simhash() {
    return SimHash.of(rawFingerprint());
  }

  Algorithm algorithm();
}
