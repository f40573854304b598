package org.acoustid.chromaprint.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decodes any format FFmpeg reads by running {@code ffmpeg} (from {@code PATH}, or {@code
 * -Dacoustid.ffmpeg=PATH}) and converting to 16-bit mono at 11025 Hz with the resampler settings
 * fpcalc uses (filter size 16, phase shift 8, linear interpolation, cutoff 0.8), so fingerprints
 * match fpcalc's. Errors are {@link IOException}s that say what to install or what ffmpeg said.
 */
public final class FfmpegDecoder {
  static final int RATE = 11025;

  private FfmpegDecoder() {}

  static String executable() {
    return System.getProperty("acoustid.ffmpeg", "ffmpeg");
  }

  /** Whether an ffmpeg executable can be started. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder(executable(), "-version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  public static PcmAudio read(Path file) throws IOException {
    List<String> command =
        List.of(
            executable(),
            "-nostdin",
            "-v",
            "error",
            "-i",
            file.toString(),
            "-af",
            "aresample=resampler=swr:filter_size=16:phase_shift=8:linear_interp=1:cutoff=0.8",
            "-ac",
            "1",
            "-ar",
            Integer.toString(RATE),
            "-f",
            "s16le",
            "-acodec",
            "pcm_s16le",
            "-");
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new IOException(
          "decoding "
              + file
              + " needs ffmpeg, which was not found (apt-get install ffmpeg, brew install ffmpeg,"
              + " or -Dacoustid.ffmpeg=PATH); WAV files decode without it",
          e);
    }
    byte[] pcm;
    byte[][] errors = {new byte[0]};
    try (InputStream out = process.getInputStream();
        InputStream err = process.getErrorStream()) {
      // drain stderr alongside stdout so a chatty ffmpeg cannot block on a full pipe
      Thread drain =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  errors[0] = err.readAllBytes();
                } catch (IOException ignored) {
                  // the exit code reports the failure
                }
              });
      pcm = out.readAllBytes();
      drain.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while decoding " + file, e);
    }
    try {
      if (process.waitFor() != 0) {
        throw new IOException(
            "ffmpeg could not decode "
                + file
                + ": "
                + new String(errors[0], StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while decoding " + file, e);
    }
    short[] samples = new short[pcm.length / 2];
    ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    return new PcmAudio(RATE, 1, samples);
  }
}
