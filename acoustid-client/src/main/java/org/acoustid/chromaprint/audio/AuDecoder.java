package org.acoustid.chromaprint.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads Sun/NeXT {@code .au}/{@code .snd} files with 16-bit linear PCM (encoding 3, big-endian).
 * Anything else is an {@link IOException} saying what was found. Stateless.
 */
public final class AuDecoder {
  private static final int MAGIC = 0x2E736E64; // ".snd"
  private static final int LINEAR_16 = 3;

  private AuDecoder() {}

  public static PcmAudio read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.BIG_ENDIAN);
    if (in.remaining() < 24 || in.getInt(0) != MAGIC) {
      throw new IOException(file + ": not an AU file");
    }
    int dataOffset = in.getInt(4);
    long dataSize = Integer.toUnsignedLong(in.getInt(8));
    int encoding = in.getInt(12);
    int rate = in.getInt(16);
    int channels = in.getInt(20);
    if (encoding != LINEAR_16) {
      throw new IOException(
          file + ": only 16-bit linear PCM AU (encoding 3) is supported, got encoding " + encoding);
    }
    if (dataOffset < 24 || dataOffset > in.limit()) {
      throw new IOException(file + ": data offset " + dataOffset + " outside the file");
    }
    long available = in.limit() - dataOffset;
    int bytes = (int) (dataSize == 0xFFFF_FFFFL ? available : Math.min(dataSize, available));
    short[] samples = new short[bytes / 2];
    ByteBuffer.wrap(in.array(), dataOffset, bytes)
        .slice()
        .order(ByteOrder.BIG_ENDIAN)
        .asShortBuffer()
        .get(samples);
    return new PcmAudio(rate, channels, samples);
  }
}
