package org.acoustid.fpindex.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File operations with the durability the index relies on. Stateless. */
public final class DirectoryOps {
  private DirectoryOps() {}

  /** Makes a directory's entries (creations, renames, deletions) durable. */
  public static void fsyncDirectory(FileIo io, Path dir) throws IOException {
    try (FileChannel channel = io.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Writes {@code memory} to {@code target} through a temporary file: fsync, rename, fsync dir. */
  public static void writeAtomically(FileIo io, Path target, MemorySegment memory)
      throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel =
        io.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      MemoryChunks.forEach(
          memory,
          memory.byteSize(),
          buffer -> {
            while (buffer.hasRemaining()) {
              channel.write(buffer);
            }
          });
      channel.force(true);
    }
    try {
      io.move(tmp, target);
    } catch (AtomicMoveNotSupportedException e) {
      io.deleteIfExists(tmp);
      throw e;
    }
    fsyncDirectory(io, target.getParent());
  }

  /** Writes {@code bytes} atomically, as {@link #writeAtomically(FileIo, Path, MemorySegment)}. */
  public static void writeAtomically(FileIo io, Path target, byte[] bytes) throws IOException {
    writeAtomically(io, target, MemorySegment.ofArray(bytes));
  }

  /**
   * Maps a whole file read-only; the mapping lives as long as the returned segment is reachable.
   */
  public static MemorySegment mapReadOnly(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), Arena.ofAuto());
    }
  }

  /** Deletes {@code dir} and everything under it (nothing when it does not exist). */
  public static void deleteTree(Path dir) throws IOException {
    if (Files.notExists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
