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

  /** {@code frames} whole frames from {@code samples[offset..]} to mono in {@code mono[0..]}. */
  static void mix(short[] samples, int offset, int channels, short[] mono, int frames) {
    if (channels == 2) {
      for (int i = 0; i < frames; i++) {
        mono[i] = (short) ((samples[offset + 2 * i] + samples[offset + 2 * i + 1]) / 2);
      }
    } else {
      for (int i = 0; i < frames; i++) {
        mono[i] = mix(samples, offset + i * channels, channels);
      }
    }
  }

  public static void toMono11025(PcmAudio audio, ShortSink sink) {
    int channels = audio.channels();
    short[] s = audio.samples();
    Resampler resampler =
        audio.sampleRate() == Resampler.OUTPUT_RATE ? null : new Resampler(audio.sampleRate());
    Resampler.Sink each =
        (samples, offset, length) -> {
          for (int i = offset; i < offset + length; i++) {
            sink.accept(samples[i]);
          }
        };
    short[] mono = new short[4096];
    int frames = s.length / channels;
    for (int f = 0; f < frames; f += mono.length) {
      int n = Math.min(mono.length, frames - f);
      mix(s, f * channels, channels, mono, n);
      if (resampler == null) {
        each.accept(mono, 0, n);
      } else {
        resampler.feed(mono, 0, n, each);
      }
    }
    if (resampler != null) {
      resampler.finish(each);
    }
  }
}
