package org.acoustid.chromaprint.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Picks a decoder: WAV in pure Java, everything else through {@link FfmpegDecoder}. */
public final class AudioDecoder {
  private AudioDecoder() {}

  public static PcmAudio read(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".wav") || name.endsWith(".wave")) {
      return WavDecoder.read(file);
    }
    return FfmpegDecoder.read(file);
  }
}
