package org.acoustid.chromaprint.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads RIFF/WAVE files with 16-bit PCM ({@code WAVE_FORMAT_PCM} or {@code WAVE_FORMAT_EXTENSIBLE}
 * with a PCM subformat), walking the chunk list so extra chunks ({@code LIST}, {@code fact}, ...)
 * are skipped. Anything else is an {@link IOException} saying what was found. Stateless.
 */
public final class WavDecoder {
  private static final int PCM = 1;
  private static final int EXTENSIBLE = 0xFFFE;

  private WavDecoder() {}

  public static PcmAudio read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (in.remaining() < 12 || in.getInt(0) != 0x46464952 || in.getInt(8) != 0x45564157) {
      throw new IOException(file + ": not a RIFF/WAVE file");
    }
    int pos = 12;
    int rate = -1;
    int channels = -1;
    while (pos + 8 <= in.limit()) {
      int id = in.getInt(pos);
      long size = Integer.toUnsignedLong(in.getInt(pos + 4));
      int body = pos + 8;
      if (body + size > in.limit()) {
        size = in.limit() - body; // a truncated last chunk: take what is there
      }
      if (id == 0x20746d66) { // "fmt "
        int format = in.getShort(body) & 0xFFFF;
        channels = in.getShort(body + 2) & 0xFFFF;
        rate = in.getInt(body + 4);
        int bits = in.getShort(body + 14) & 0xFFFF;
        if (format == EXTENSIBLE && size >= 26) {
          format = in.getShort(body + 24) & 0xFFFF;
        }
        if (format != PCM || bits != 16) {
          throw new IOException(
              file
                  + ": only 16-bit PCM WAV is supported, got format "
                  + format
                  + " with "
                  + bits
                  + " bits");
        }
      } else if (id == 0x61746164) { // "data"
        if (rate <= 0 || channels <= 0) {
          throw new IOException(file + ": data chunk before a valid fmt chunk");
        }
        short[] samples = new short[(int) (size / 2)];
        in.position(body);
        in.asShortBuffer().get(samples);
        return new PcmAudio(rate, channels, samples);
      }
      pos = body + (int) size + (int) (size & 1);
    }
    throw new IOException(file + ": no data chunk");
  }
}
