package org.acoustid.chromaprint;

import org.acoustid.chromaprint.audio.PcmAudio;

/**
 * The library's input stage on its own: integer downmix to mono and its resampler to 11025 Hz,
 * exactly what {@link JavaFingerprinter} does internally, for tools that need the 11025 Hz stream
 * itself (fpcalc's {@code -length} and chunking count samples at that rate).
 */
public final class Downmixer {
  /** Receives samples. */
  public interface ShortSink {
    void accept(short sample);
  }

  private Downmixer() {}

  /** One frame to mono: the integer average of its channels, truncated toward zero. */
  static short mix(short[] samples, int offset, int channels) {
    if (channels == 1) {
      return samples[offset];
    }
    int sum = 0;
    for (int c = 0; c < channels; c++) {
      sum += samples[offset + c];
    }
    return (short) (sum / channels);
  }

  public static void toMono11025(PcmAudio audio, ShortSink sink) {
    int channels = audio.channels();
    short[] s = audio.samples();
    Resampler resampler =
        audio.sampleRate() == Resampler.OUTPUT_RATE ? null : new Resampler(audio.sampleRate());
    for (int i = 0; i + channels <= s.length; i += channels) {
      short mono = mix(s, i, channels);
      if (resampler == null) {
        sink.accept(mono);
      } else {
        resampler.feed(mono, sink::accept);
      }
    }
    if (resampler != null) {
      resampler.finish(sink::accept);
    }
  }
}
