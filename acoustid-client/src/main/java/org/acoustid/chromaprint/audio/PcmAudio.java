package org.acoustid.chromaprint.audio;

/**
 * Decoded audio: interleaved signed 16-bit samples.
 *
 * @param samples all channels interleaved; {@code samples.length / channels} frames
 */
public record PcmAudio(int sampleRate, int channels, short[] samples) {
  public PcmAudio {
    if (sampleRate <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "sampleRate and channels must be positive, got sampleRate="
              + sampleRate
              + ", channels="
              + channels);
    }
  }

  /** Duration in seconds. */
  public double durationSeconds() {
    return (double) (samples.length / channels) / sampleRate;
  }
}
