package org.acoustid.chromaprint.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads AIFF files with 16-bit PCM (big-endian {@code FORM/AIFF}, or {@code AIFC} with compression
 * {@code NONE} or {@code sowt} little-endian), walking the chunk list. Anything else is an {@link
 * IOException} saying what was found. Stateless.
 */
public final class AiffDecoder {
  private AiffDecoder() {}

  public static PcmAudio read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.BIG_ENDIAN);
    if (in.remaining() < 12 || in.getInt(0) != 0x464F524D) { // "FORM"
      throw new IOException(file + ": not an AIFF file");
    }
    int form = in.getInt(8);
    boolean aifc = form == 0x41494643; // "AIFC"
    if (form != 0x41494646 && aifc == false) { // "AIFF"
      throw new IOException(file + ": FORM of an unknown type, not AIFF/AIFC");
    }
    int pos = 12;
    int channels = -1;
    int rate = -1;
    ByteOrder sampleOrder = ByteOrder.BIG_ENDIAN;
    while (pos + 8 <= in.limit()) {
      int id = in.getInt(pos);
      long size = Integer.toUnsignedLong(in.getInt(pos + 4));
      int body = pos + 8;
      size = Math.min(size, in.limit() - body);
      if (id == 0x434F4D4D) { // "COMM"
        channels = in.getShort(body) & 0xFFFF;
        int bits = in.getShort(body + 6) & 0xFFFF;
        rate = (int) Math.round(extended(in, body + 8));
        if (bits != 16) {
          throw new IOException(file + ": only 16-bit AIFF is supported, got " + bits + " bits");
        }
        if (aifc && size >= 22) {
          int compression = in.getInt(body + 18);
          if (compression == 0x736F7774) { // "sowt": little-endian samples
            sampleOrder = ByteOrder.LITTLE_ENDIAN;
          } else if (compression != 0x4E4F4E45) { // "NONE"
            throw new IOException(file + ": compressed AIFC is not supported");
          }
        }
      } else if (id == 0x53534E44) { // "SSND"
        if (channels <= 0 || rate <= 0) {
          throw new IOException(file + ": SSND chunk before a valid COMM chunk");
        }
        int offset = in.getInt(body);
        int start = body + 8 + offset;
        int bytes = (int) size - 8 - offset;
        if (bytes < 0) {
          throw new IOException(file + ": SSND offset beyond the chunk");
        }
        short[] samples = new short[bytes / 2];
        ByteBuffer data = ByteBuffer.wrap(in.array(), start, bytes).slice().order(sampleOrder);
        data.asShortBuffer().get(samples);
        return new PcmAudio(rate, channels, samples);
      }
      pos = body + (int) size + (int) (size & 1);
    }
    throw new IOException(file + ": no SSND chunk");
  }

  /** An IEEE 754 80-bit extended float (the sample rate of COMM). */
  static double extended(ByteBuffer in, int offset) {
    int exponent = in.getShort(offset) & 0x7FFF;
    long mantissa = in.getLong(offset + 2);
    boolean negative = (in.getShort(offset) & 0x8000) != 0;
    double value = Math.scalb((double) (mantissa >>> 11), exponent - 16383 - 52);
    return negative ? -value : value;
  }
}
