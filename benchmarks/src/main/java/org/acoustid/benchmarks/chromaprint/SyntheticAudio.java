package org.acoustid.benchmarks.chromaprint;

import java.util.SplittableRandom;

/** Seeded music-like PCM: a note every ~0.1 s plus noise, the same on every channel but offset. */
final class SyntheticAudio {
  private SyntheticAudio() {}

  static short[] pcm(long seed, int sampleRate, int channels, int seconds) {
    SplittableRandom random = new SplittableRandom(seed);
    int frames = sampleRate * seconds;
    short[] pcm = new short[frames * channels];
    double phase = 0;
    double freq = 220;
    for (int i = 0; i < frames; i++) {
      if (i % (sampleRate / 10) == 0) {
        freq = 110 * Math.pow(2, random.nextInt(36) / 12.0);
      }
      phase += 2 * Math.PI * freq / sampleRate;
      short v =
          (short)
              (8000 * Math.sin(phase)
                  + 4000 * Math.sin(phase * 2.01)
                  + (random.nextDouble() - 0.5) * 600);
      for (int c = 0; c < channels; c++) {
        pcm[i * channels + c] = (short) (v + c * 37);
      }
    }
    return pcm;
  }
}
