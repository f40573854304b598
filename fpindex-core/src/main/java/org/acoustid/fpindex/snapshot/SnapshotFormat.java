package org.acoustid.fpindex.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.acoustid.fpindex.CorruptIndexException;
import org.acoustid.fpindex.segment.Segment;
import org.acoustid.fpindex.segment.SegmentFormat;
import org.acoustid.fpindex.store.DirectoryOps;
import org.acoustid.fpindex.store.FileIo;
import org.acoustid.fpindex.store.Manifest;
import org.acoustid.fpindex.store.MemoryChunks;

/**
 * The snapshot stream that moves an index's file segments between nodes.
 *
 * <pre>
 * Snapshot := Header Payload*
 * Header   := MessagePack map {"f": 1, "g": generation, "s": [{"i": [seq, merges, maxVersion],
 *             "s": byteLength}, ...]}
 * Payload  := the segment file's exact bytes, in header order
 * </pre>
 *
 * No log, no memory segments, no manifest: the receiver rebuilds the manifest from the header and
 * resumes at the highest segment version.
 */
public final class SnapshotFormat {
  public static final int FORMAT = 1;

  /** Headers larger than this are rejected before anything is allocated for them. */
  static final int MAX_SEGMENTS = 1 << 20;

  private SnapshotFormat() {}

  public static void write(OutputStream out, long generation, List<Segment> segments)
      throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(0x83);
    str(header, "f");
    uint(header, FORMAT);
    str(header, "g");
    uint(header, generation);
    str(header, "s");
    arrayHeader(header, segments.size());
    for (Segment s : segments) {
      header.write(0x82);
      str(header, "i");
      header.write(0x93);
      uint(header, s.seq());
      uint(header, 0);
      uint(header, s.maxVersion());
      str(header, "s");
      uint(header, s.memory().byteSize());
    }
    header.writeTo(out);
    WritableByteChannel channel = Channels.newChannel(out);
    for (Segment s : segments) {
      MemoryChunks.forEach(
          s.memory(),
          s.memory().byteSize(),
          buffer -> {
            while (buffer.hasRemaining()) {
              channel.write(buffer);
            }
          });
    }
    out.flush();
  }

  /**
   * Writes the segments of a snapshot stream into {@code dir} (empty or missing) with a manifest;
   * returns the stream's generation. Format and generation are checked before anything is written.
   */
  public static long restore(InputStream in, Path dir, OptionalLong expectedGeneration)
      throws IOException {
    DataInputStream data = new DataInputStream(in);
    Path source = dir.resolve("<snapshot stream>");
    long format = -1;
    long generation = -1;
    List<long[]> entries = new ArrayList<>(); // seq, maxVersion, bytes
    int fields = mapHeader(data, source);
    for (int f = 0; f < fields; f++) {
      String key = string(data, source);
      switch (key) {
        case "f" -> format = uint(data, source);
        case "g" -> generation = uint(data, source);
        case "s" -> {
          int n = arrayHeader(data, source);
          if (n > MAX_SEGMENTS) {
            throw new CorruptIndexException(source, 0, "snapshot lists " + n + " segments");
          }
          for (int i = 0; i < n; i++) {
            long seq = -1;
            long maxVersion = 0;
            long bytes = -1;
            int entryFields = mapHeader(data, source);
            for (int e = 0; e < entryFields; e++) {
              String entryKey = string(data, source);
              if (entryKey.equals("i")) {
                int parts = arrayHeader(data, source);
                if (parts != 3) {
                  throw new CorruptIndexException(
                      source, 0, "segment info has " + parts + " parts, expected 3");
                }
                seq = uint(data, source);
                uint(data, source);
                maxVersion = uint(data, source); // nil reads as 0
              } else if (entryKey.equals("s")) {
                bytes = uint(data, source);
              } else {
                throw new CorruptIndexException(source, 0, "unknown segment field " + entryKey);
              }
            }
            if (seq < 1 || bytes < SegmentFormat.HEADER_BYTES) {
              throw new CorruptIndexException(
                  source, 0, "segment entry without a valid number or size");
            }
            entries.add(new long[] {seq, maxVersion, bytes});
          }
        }
        default -> throw new CorruptIndexException(source, 0, "unknown snapshot field " + key);
      }
    }
    if (format != FORMAT) {
      throw new CorruptIndexException(
          source, 0, "snapshot format " + format + ", expected " + FORMAT);
    }
    if (expectedGeneration.isPresent() && generation != expectedGeneration.getAsLong()) {
      throw new IllegalArgumentException(
          "snapshot of generation " + generation + ", expected " + expectedGeneration.getAsLong());
    }
    Files.createDirectories(dir);
    try (Stream<Path> existing = Files.list(dir)) {
      if (existing.findAny().isPresent()) {
        throw new IllegalArgumentException("restore needs an empty directory, " + dir + " is not");
      }
    }
    long fileVersion = 0;
    long nextSeq = 1;
    List<Long> seqs = new ArrayList<>();
    for (long[] entry : entries) {
      Path file = dir.resolve(SegmentFormat.fileName(entry[0]));
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        copy(data, out, entry[2], source);
      }
      Segment.open(DirectoryOps.mapReadOnly(tmp), entry[0], file); // verifies the checksum
      Files.move(tmp, file);
      seqs.add(entry[0]);
      fileVersion = Math.max(fileVersion, entry[1]);
      nextSeq = Math.max(nextSeq, entry[0] + 1);
    }
    new Manifest(fileVersion, nextSeq, seqs).write(FileIo.DEFAULT, dir);
    return generation;
  }

  private static void copy(DataInputStream in, OutputStream out, long bytes, Path source)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = bytes;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new CorruptIndexException(
            source, 0, "snapshot stream ended " + left + " bytes early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void str(ByteArrayOutputStream out, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.write(0xa0 | utf8.length);
    out.writeBytes(utf8);
  }

  private static void uint(ByteArrayOutputStream out, long v) {
    if (v >= 0 && v < 128) {
      out.write((int) v);
    } else {
      out.write(0xcf);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (v >>> shift) & 0xff);
      }
    }
  }

  private static void arrayHeader(ByteArrayOutputStream out, int n) {
    if (n < 16) {
      out.write(0x90 | n);
    } else {
      out.write(0xdd);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((n >>> shift) & 0xff);
      }
    }
  }

  private static int mapHeader(DataInputStream in, Path source) throws IOException {
    int b = read(in, source);
    if ((b & 0xf0) == 0x80) {
      return b & 0x0f;
    }
    throw new CorruptIndexException(
        source, 0, "expected a MessagePack map, got byte 0x" + Integer.toHexString(b));
  }

  private static int arrayHeader(DataInputStream in, Path source) throws IOException {
    int b = read(in, source);
    if ((b & 0xf0) == 0x90) {
      return b & 0x0f;
    }
    if (b == 0xdc) {
      return in.readUnsignedShort();
    }
    if (b == 0xdd) {
      int n = in.readInt();
      if (n < 0) {
        throw new CorruptIndexException(source, 0, "array length overflows");
      }
      return n;
    }
    throw new CorruptIndexException(
        source, 0, "expected a MessagePack array, got byte 0x" + Integer.toHexString(b));
  }

  private static String string(DataInputStream in, Path source) throws IOException {
    int b = read(in, source);
    int n;
    if ((b & 0xe0) == 0xa0) {
      n = b & 0x1f;
    } else if (b == 0xd9) {
      n = read(in, source);
    } else {
      throw new CorruptIndexException(
          source, 0, "expected a MessagePack string, got byte 0x" + Integer.toHexString(b));
    }
    byte[] utf8 = new byte[n];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private static long uint(DataInputStream in, Path source) throws IOException {
    int b = read(in, source);
    if (b < 0x80) {
      return b;
    }
    return switch (b) {
      case 0xc0 -> 0; // nil
      case 0xcc -> read(in, source);
      case 0xcd -> in.readUnsignedShort();
      case 0xce -> Integer.toUnsignedLong(in.readInt());
      case 0xcf -> in.readLong();
      default ->
          throw new CorruptIndexException(
              source, 0, "expected an unsigned integer, got byte 0x" + Integer.toHexString(b));
    };
  }

  private static int read(DataInputStream in, Path source) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("snapshot stream ended inside its header");
    }
    return b;
  }
}
