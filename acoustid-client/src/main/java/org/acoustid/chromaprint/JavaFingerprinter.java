package org.acoustid.chromaprint;

import java.util.Arrays;

/**
 * Chromaprint in pure Java, bit-exact with libchromaprint 1.5.1 for all five algorithms: downmix
 * (integer average), the library's resampler to 11025 Hz, leading-silence removal (TEST4), frames
 * with a Hamming window, power spectrum, 12-band chroma, 5-tap smoothing, L2 normalisation, the
 * integral image and 16 classifiers per item.
 *
 * <p>Accepts any chunking of the input, including chunks that end inside a multi-channel frame. Not
 * thread-safe; reusable through {@link #start}.
 */
public final class JavaFingerprinter implements Fingerprinter {
  /** Largest accepted input rate (the library has no limit; this keeps the filter table small). */
  static final int MAX_SAMPLE_RATE = 1_000_000;

  static final int SILENCE_THRESHOLD = 50;
  private static final double[] SMOOTHING = {0.25, 0.75, 1.0, 0.75, 0.25};
  private static final int SILENCE_WINDOW = 55;

  private final Algorithm algorithm;
  private final Spectrum spectrum;
  private boolean started;
  private int channels;
  private final short[] pendingFrame = new short[64];
  private int pendingSamples;
  private Resampler resampler;
  private final Resampler.Sink toFrames = this::acceptMono;

  /** Downmixed input on its way to the resampler or the frames. */
  private final short[] mono = new short[4096];

  private short[] frame;
  private int filled;

  /** The last five chroma rows, a ring: the oldest at {@code historyNext} once it is full. */
  private final double[][] history = new double[SMOOTHING.length][12];

  private int historyNext;
  private int historyCount;
  private final double[] row = new double[IntegralImage.BANDS];
  private IntegralImage image;
  private int[] items;
  private int itemCount;
  // leading-silence removal (TEST4)
  private boolean passingSound;
  private final short[] silenceWindow = new short[SILENCE_WINDOW];
  private int silenceCount;
  private int silenceSum;
  private int silencePos;

  public JavaFingerprinter(Algorithm algorithm) {
    this.algorithm = algorithm;
    this.spectrum = new Spectrum(algorithm.frameSize);
  }

  @Override
  public Algorithm algorithm() {
    return algorithm;
  }

  @Override
  public void start(int sampleRate, int channels) {
    if (sampleRate <= 0 || sampleRate > MAX_SAMPLE_RATE) {
      throw new IllegalArgumentException(
          "sampleRate must be in [1, " + MAX_SAMPLE_RATE + "], got sampleRate=" + sampleRate);
    }
    if (channels < 1 || channels > pendingFrame.length) {
      throw new IllegalArgumentException(
          "channels must be in [1, " + pendingFrame.length + "], got channels=" + channels);
    }
    this.channels = channels;
    pendingSamples = 0;
    if (sampleRate == Resampler.OUTPUT_RATE) {
      resampler = null;
    } else if (resampler != null && resampler.inputRate() == sampleRate) {
      resampler.reset();
    } else {
      resampler = new Resampler(sampleRate);
    }
    frame = new short[algorithm.frameSize];
    filled = 0;
    historyNext = 0;
    historyCount = 0;
    image = new IntegralImage();
    items = new int[256];
    itemCount = 0;
    passingSound = algorithm.removesLeadingSilence == false;
    silenceCount = 0;
    silenceSum = 0;
    silencePos = 0;
    started = true;
  }

  @Override
  public void feed(short[] pcm, int offset, int length) {
    if (started == false) {
      throw new IllegalStateException("feed before start");
    }
    java.util.Objects.checkFromIndexSize(offset, length, pcm.length);
    int i = offset;
    final int end = offset + length;
    if (pendingSamples > 0) {
      while (pendingSamples < channels && i < end) {
        pendingFrame[pendingSamples++] = pcm[i++];
      }
      if (pendingSamples < channels) {
        return;
      }
      mono[0] = Downmixer.mix(pendingFrame, 0, channels);
      acceptDownmixed(mono, 0, 1);
      pendingSamples = 0;
    }
    if (channels == 1) {
      acceptDownmixed(pcm, i, end - i);
      return;
    }
    while (end - i >= channels) {
      int frames = Math.min((end - i) / channels, mono.length);
      Downmixer.mix(pcm, i, channels, mono, frames);
      acceptDownmixed(mono, 0, frames);
      i += frames * channels;
    }
    while (i < end) {
      pendingFrame[pendingSamples++] = pcm[i++];
    }
  }

  private void acceptDownmixed(short[] samples, int offset, int length) {
    if (resampler == null) {
      acceptMono(samples, offset, length);
    } else {
      resampler.feed(samples, offset, length, toFrames);
    }
  }

  /** 11025 Hz mono samples: leading-silence removal (TEST4), then into frames. */
  private void acceptMono(short[] samples, int offset, int length) {
    while (passingSound == false && length > 0) {
      if (isLeadingSilence(samples[offset])) {
        offset++;
        length--;
      } else {
        passingSound = true;
      }
    }
    final short[] frame = this.frame;
    while (length > 0) {
      int n = Math.min(length, frame.length - filled);
      System.arraycopy(samples, offset, frame, filled, n);
      filled += n;
      offset += n;
      length -= n;
      if (filled == frame.length) {
        processFrame();
        int keep = frame.length - algorithm.hop;
        System.arraycopy(frame, algorithm.hop, frame, 0, keep);
        filled = keep;
      }
    }
  }

  /** Adds the sample to the moving average; true while the average stays at the threshold. */
  private boolean isLeadingSilence(short sample) {
    short magnitude = (short) Math.abs(sample); // int16 storage: |-32768| stays -32768
    if (silenceCount == SILENCE_WINDOW) {
      silenceSum -= silenceWindow[silencePos];
    } else {
      silenceCount++;
    }
    silenceWindow[silencePos] = magnitude;
    silencePos = (silencePos + 1) % SILENCE_WINDOW;
    silenceSum += magnitude;
    return silenceSum / silenceCount <= SILENCE_THRESHOLD;
  }

  private void processFrame() {
    spectrum.chroma(frame, history[historyNext]);
    historyNext = historyNext == history.length - 1 ? 0 : historyNext + 1;
    if (historyCount < history.length) {
      historyCount++;
      if (historyCount < history.length) {
        return;
      }
    }
    final double[] row = this.row;
    for (int b = 0; b < row.length; b++) {
      double v = 0.0;
      for (int j = 0; j < SMOOTHING.length; j++) {
        int slot = historyNext + j;
        v += history[slot < history.length ? slot : slot - history.length][b] * SMOOTHING[j];
      }
      row[b] = v;
    }
    double squares = 0;
    for (double v : row) {
      squares += v * v;
    }
    double norm = squares == 0 ? 0 : Math.sqrt(squares);
    if (norm < 0.01) {
      Arrays.fill(row, 0.0);
    } else {
      for (int b = 0; b < row.length; b++) {
        row[b] /= norm;
      }
    }
    image.addRow(row);
    if (image.rowCount() >= 16) {
      int x = image.rowCount() - 16;
      int hash = 0;
      for (Classifier classifier : algorithm.classifiers) {
        hash = (hash << 2) | classifier.code(image, x);
      }
      if (itemCount == items.length) {
        items = Arrays.copyOf(items, itemCount * 2);
      }
      items[itemCount++] = hash;
    }
  }

  @Override
  public void finish() {
    if (started == false) {
      throw new IllegalStateException("finish before start");
    }
    if (resampler != null) {
      resampler.finish(toFrames);
    }
  }

  @Override
  public int[] rawFingerprint() {
    return items == null ? new int[0] : Arrays.copyOf(items, itemCount);
  }
}
