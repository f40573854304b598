package org.acoustid.chromaprint.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Picks a decoder: WAV, AIFF and AU in pure Java, everything else through {@link FfmpegDecoder}.
 */
public final class AudioDecoder {
  private AudioDecoder() {}

  public static PcmAudio read(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".wav") || name.endsWith(".wave")) {
      return WavDecoder.read(file);
    }
    if (name.endsWith(".aif") || name.endsWith(".aiff") || name.endsWith(".aifc")) {
      return AiffDecoder.read(file);
    }
    if (name.endsWith(".au") || name.endsWith(".snd")) {
      return AuDecoder.read(file);
    }
    return FfmpegDecoder.read(file);
  }
}
