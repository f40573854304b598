package org.acoustid.fpindex.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.acoustid.fpindex.CorruptIndexException;
import org.acoustid.fpindex.store.DirectoryOps;
import org.acoustid.fpindex.store.FileIo;

/**
 * Write-ahead log files: {@code wal-<firstVersion>.log}, a header ({@code "FPWL"}, format version)
 * and {@link WalRecord}s. The writer appends without forcing; {@link #force()} makes everything
 * appended so far durable. Appends are serialised by the caller (the index's write lock).
 */
public final class WalFile implements AutoCloseable {
  static final int MAGIC = 0x4c575046; // "FPWL" little-endian
  public static final int VERSION_START = 1;
  public static final int VERSION_CURRENT = VERSION_START;
  static final int HEADER_BYTES = 8;
  private static final Pattern NAME = Pattern.compile("wal-(\\d{20})\\.log");

  private final Path path;
  private final long firstVersion;
  private final FileChannel channel;

  private WalFile(Path path, long firstVersion, FileChannel channel) {
    this.path = path;
    this.firstVersion = firstVersion;
    this.channel = channel;
  }

  public static String fileName(long firstVersion) {
    return String.format("wal-%020d.log", firstVersion);
  }

  /**
   * Creates a new log whose first record will carry {@code firstVersion}, durable with its name.
   */
  public static WalFile create(FileIo io, Path dir, long firstVersion) throws IOException {
    Path path = dir.resolve(fileName(firstVersion));
    FileChannel channel = io.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    boolean ok = false;
    try {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(MAGIC).putInt(VERSION_CURRENT).flip();
      while (header.hasRemaining()) {
        channel.write(header);
      }
      channel.force(true);
      DirectoryOps.fsyncDirectory(io, dir);
      ok = true;
    } finally {
      if (ok == false) {
        channel.close();
      }
    }
    return new WalFile(path, firstVersion, channel);
  }

  public Path path() {
    return path;
  }

  public long firstVersion() {
    return firstVersion;
  }

  /** Appends framed bytes (not yet durable). */
  public void append(byte[] record) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(record);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Makes every appended byte durable. */
  public void force() throws IOException {
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** The log files in {@code dir}, ordered by first version. */
  public static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  /** The first version named by a log file name. */
  public static long firstVersionOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (m.matches() == false) {
      throw new IllegalArgumentException("not a log file name: " + file);
    }
    return Long.parseLong(m.group(1));
  }

  /** Receives replayed records. */
  public interface RecordSink {
    void accept(WalRecord record) throws IOException;
  }

  /**
   * Replays {@code file}. A torn or corrupt tail is cut off (the file is truncated to its last good
   * record) when {@code isLast}; in an older log the same damage is a {@link
   * CorruptIndexException}, because later logs depend on it.
   */
  public static void replay(FileIo io, Path file, boolean isLast, RecordSink sink)
      throws IOException {
    long size = Files.size(file);
    try (FileChannel channel = io.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      if (readFully(channel, header, 0) == false) {
        if (isLast) {
          // created but its header never reached the disk: nothing was acknowledged in it
          channel.truncate(0);
          return;
        }
        throw new CorruptIndexException(file, 0, "log shorter than its header");
      }
      header.flip();
      int magic = header.getInt();
      int format = header.getInt();
      boolean badHeader = magic != MAGIC || format < VERSION_START || format > VERSION_CURRENT;
      if (badHeader && isLast && size <= HEADER_BYTES) {
        // a header torn at creation: create() forces it before any record is appended, so a log
        // holding records always has a durable header; this one never held any
        channel.truncate(0);
        return;
      }
      if (magic != MAGIC) {
        throw new CorruptIndexException(file, 0, "bad magic, not a log file");
      }
      if (badHeader) {
        throw new CorruptIndexException(file, 4, "log format version " + format + " unsupported");
      }
      long pos = HEADER_BYTES;
      ByteBuffer frame = ByteBuffer.allocate(WalRecord.FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      while (pos < size) {
        String damage = null;
        frame.clear();
        WalRecord record = null;
        long next = pos;
        if (readFully(channel, frame, pos) == false) {
          damage = "torn record frame";
        } else {
          frame.flip();
          int length = frame.getInt();
          int crc = frame.getInt();
          if (length < 12 || pos + WalRecord.FRAME_BYTES + length > size) {
            damage = "record length " + length + " overruns the file";
          } else {
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(channel, payload, pos + WalRecord.FRAME_BYTES);
            java.util.zip.CRC32C check = new java.util.zip.CRC32C();
            check.update(payload.array());
            if ((int) check.getValue() != crc) {
              damage = "record checksum mismatch";
            } else {
              try {
                record = WalRecord.decodePayload(ByteBuffer.wrap(payload.array()));
              } catch (RuntimeException e) {
                throw new CorruptIndexException(
                    file, pos, "record with a valid checksum does not decode: " + e.getMessage());
              }
              next = pos + WalRecord.FRAME_BYTES + length;
            }
          }
        }
        if (damage != null) {
          if (isLast) {
            channel.truncate(pos);
            channel.force(true);
            return;
          }
          throw new CorruptIndexException(
              file, pos, damage + " in a log that later logs depend on");
        }
        sink.accept(record);
        pos = next;
      }
    }
  }

  private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, pos);
      if (n < 0) {
        return false;
      }
      pos += n;
    }
    return true;
  }
}
