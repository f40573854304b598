package org.acoustid.chromaprint;

import java.io.ByteArrayOutputStream;

/**
 * The compressed fingerprint format of libchromaprint 1.5.1 (what {@code fpcalc} prints and the
 * AcoustID API takes), byte-compatible in both directions.
 *
 * <pre>
 * byte 0      algorithm (enum value &amp; 0xFF)
 * bytes 1..3  item count, 24-bit big-endian
 * then        3-bit "normal" values, LSB-first bit stream, padded to a byte
 * then        5-bit "exceptional" values, LSB-first bit stream, padded to a byte
 * </pre>
 *
 * Each item is XORed with its predecessor; the set bits of the result are written as gaps between
 * bit positions (1..6 as a normal value, 7 + an exceptional value for larger gaps), then a 0 ends
 * the item.
 *
 * <p>Decoding never throws anything but {@link InvalidFingerprintException}, never loops without
 * consuming input, and never allocates more than the input can describe (the item count is checked
 * against the terminators actually present). Stateless and thread-safe.
 */
public final class FingerprintCodec {
  private FingerprintCodec() {}

  /**
   * Compresses {@code raw} (unsigned items in ints) with the algorithm byte {@code algorithm &
   * 0xFF}.
   */
  public static byte[] encode(int[] raw, int algorithm) {
    if (raw.length > 0xFF_FFFF) {
      throw new IllegalArgumentException(
          "at most 16777215 items fit the header, got " + raw.length);
    }
    BitWriter normals = new BitWriter(3, raw.length * 4 + 16);
    BitWriter exceptionals = new BitWriter(5, 16);
    int previous = 0;
    for (int i = 0; i < raw.length; i++) {
      int delta = i == 0 ? raw[i] : raw[i] ^ previous;
      previous = raw[i];
      int last = 0;
      while (delta != 0) {
        int bit = Integer.numberOfTrailingZeros(delta) + 1; // 1-based position
        delta &= delta - 1;
        int gap = bit - last;
        last = bit;
        if (gap >= 7) {
          normals.write(7);
          exceptionals.write(gap - 7);
        } else {
          normals.write(gap);
        }
      }
      normals.write(0);
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(4 + normals.byteLength() + exceptionals.byteLength());
    out.write(algorithm & 0xFF);
    out.write(raw.length >>> 16);
    out.write(raw.length >>> 8);
    out.write(raw.length);
    normals.writeTo(out);
    exceptionals.writeTo(out);
    return out.toByteArray();
  }

  /** {@link #encode} as URL-safe base64 without padding, as fpcalc prints it. */
  public static String encodeBase64(int[] raw, int algorithm) {
    return FingerprintBase64.encode(encode(raw, algorithm));
  }

  /** Decodes the binary format. */
  public static DecodedFingerprint decode(byte[] in) {
    if (in.length < 4) {
      throw new InvalidFingerprintException(
          "compressed fingerprint shorter than 4 bytes (" + in.length + ")");
    }
    int algorithm = in[0]; // signed char, as the library reports it
    int count = (in[1] & 0xff) << 16 | (in[2] & 0xff) << 8 | (in[3] & 0xff);
    int available = (int) ((in.length - 4) * 8L / 3);
    // pass 1: find where the count-th item ends, and how many exceptional values precede it
    int zeros = 0;
    int sevens = 0;
    int used = 0;
    boolean anyZero = false;
    for (int k = 0; k < available && (zeros < count || count == 0); k++) {
      int v = bits(in, 4, k, 3);
      if (v == 0) {
        zeros++;
        anyZero = true;
        if (count == 0) {
          break;
        }
      } else if (v == 7) {
        sevens++;
      }
      used = k + 1;
    }
    if (count == 0) {
      if (anyZero) {
        throw new InvalidFingerprintException(
            "not enough input for normal bits: size 0 with item data");
      }
      return new DecodedFingerprint(algorithm, new int[0]);
    }
    if (zeros < count) {
      throw new InvalidFingerprintException(
          "not enough input for normal bits: " + count + " items declared, " + zeros + " present");
    }
    int exceptionalOffset = 4 + (used * 3 + 7) / 8;
    int exceptionalBytes = (sevens * 5 + 7) / 8;
    if (in.length < exceptionalOffset + exceptionalBytes) {
      throw new InvalidFingerprintException(
          "not enough input for exceptional bits: "
              + sevens
              + " needed, "
              + Math.max(0, (in.length - exceptionalOffset) * 8 / 5)
              + " present");
    }
    int[] raw = new int[count];
    int value = 0;
    int last = 0;
    int item = 0;
    int exceptional = 0;
    for (int k = 0; k < used; k++) {
      int v = bits(in, 4, k, 3);
      if (v == 0) {
        raw[item++] = value;
        last = 0;
        continue;
      }
      if (v == 7) {
        v += bits(in, exceptionalOffset, exceptional++, 5);
      }
      last += v;
      value ^= 1 << ((last - 1) & 31); // the library's shift count wraps the same way
    }
    return new DecodedFingerprint(algorithm, raw);
  }

  /** Decodes base64 text; {@code strict} rejects characters libchromaprint would read as 0. */
  public static DecodedFingerprint decodeBase64(String text, boolean strict) {
    if (text == null) {
      throw new InvalidFingerprintException("fingerprint is missing");
    }
    return decode(
        strict ? FingerprintBase64.decodeStrict(text) : FingerprintBase64.decodeCompatible(text));
  }

  /**
   * Value number {@code k} of width {@code width} in the LSB-first stream starting at {@code
   * offset}.
   */
  private static int bits(byte[] in, int offset, int k, int width) {
    long bit = (long) k * width;
    int value = 0;
    for (int b = 0; b < width; b++, bit++) {
      int index = offset + (int) (bit >>> 3);
      if (index < in.length && ((in[index] >>> (bit & 7)) & 1) != 0) {
        value |= 1 << b;
      }
    }
    return value;
  }

  /** An LSB-first stream of fixed-width values. */
  private static final class BitWriter {
    private final int width;
    private byte[] bytes;
    private long bits;

    BitWriter(int width, int initialValues) {
      this.width = width;
      this.bytes = new byte[Math.max(8, (initialValues * width + 7) / 8)];
    }

    void write(int value) {
      for (int b = 0; b < width; b++, bits++) {
        int index = (int) (bits >>> 3);
        if (index >= bytes.length) {
          bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
        }
        if (((value >>> b) & 1) != 0) {
          bytes[index] |= (byte) (1 << (bits & 7));
        }
      }
    }

    int byteLength() {
      return (int) ((bits + 7) >>> 3);
    }

    void writeTo(ByteArrayOutputStream out) {
      out.write(bytes, 0, byteLength());
    }
  }
}
