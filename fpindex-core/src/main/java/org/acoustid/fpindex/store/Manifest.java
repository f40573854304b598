package org.acoustid.fpindex.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.acoustid.fpindex.CorruptIndexException;

/**
 * Which file segments make up the index, and up to which version they hold its data.
 *
 * <pre>
 * MANIFEST := magic:u32 ("FPMF") formatVersion:u32 fileVersion:u64 nextSeq:u64 count:u32
 *             seq:u64[count] crc32c:u32                              (little-endian)
 * </pre>
 *
 * Replaced atomically (temporary file, fsync, rename, fsync directory), so a crash leaves either
 * the old or the new manifest, never a mix.
 *
 * @param fileVersion every commit up to this version is in the listed segments
 * @param nextSeq the sequence number the next new segment file gets
 * @param segments file segment numbers, oldest first
 */
public record Manifest(long fileVersion, long nextSeq, List<Long> segments) {
  public static final String FILE_NAME = "MANIFEST";
  static final int MAGIC = 0x464d5046; // "FPMF" little-endian
  public static final int VERSION_START = 1;
  public static final int VERSION_CURRENT = VERSION_START;

  public static final Manifest EMPTY = new Manifest(0, 1, List.of());

  public Manifest {
    segments = List.copyOf(segments);
  }

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(32 + 8 * segments.size()).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC)
        .putInt(VERSION_CURRENT)
        .putLong(fileVersion)
        .putLong(nextSeq)
        .putInt(segments.size());
    segments.forEach(b::putLong);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  public void write(FileIo io, Path dir) throws IOException {
    DirectoryOps.writeAtomically(io, dir.resolve(FILE_NAME), encode());
  }

  /** The manifest of {@code dir}, or {@link #EMPTY} when the index never checkpointed. */
  public static Manifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return EMPTY;
    }
    if (bytes.length < 32) {
      throw new CorruptIndexException(file, 0, "manifest shorter than its header");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt() != MAGIC) {
      throw new CorruptIndexException(file, 0, "bad magic, not a manifest");
    }
    int format = b.getInt();
    if (format < VERSION_START || format > VERSION_CURRENT) {
      throw new CorruptIndexException(
          file, 4, "manifest format version " + format + " unsupported");
    }
    long fileVersion = b.getLong();
    long nextSeq = b.getLong();
    int count = b.getInt();
    if (count < 0 || bytes.length != 32 + 8L * count) {
      throw new CorruptIndexException(
          file, 24, "segment count " + count + " does not match the length " + bytes.length);
    }
    List<Long> segments = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      segments.add(b.getLong());
    }
    int stored = b.getInt();
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != stored) {
      throw new CorruptIndexException(file, bytes.length - 4, "manifest checksum mismatch");
    }
    return new Manifest(fileVersion, nextSeq, segments);
  }
}
