package org.acoustid.fpindex.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File operations with the durability the index relies on. Stateless. */
public final class DirectoryOps {
  private DirectoryOps() {}

  /** Makes a directory's entries (creations, renames, deletions) durable. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Writes {@code memory} to {@code target} through a temporary file: fsync, rename, fsync dir. */
  public static void writeAtomically(Path target, MemorySegment memory) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      var buffer = memory.asByteBuffer();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.delete(tmp);
      throw e;
    }
    fsyncDirectory(target.getParent());
  }

  /** Writes {@code bytes} atomically, as {@link #writeAtomically(Path, MemorySegment)}. */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    writeAtomically(target, MemorySegment.ofArray(bytes));
  }

  /**
   * Maps a whole file read-only; the mapping lives as long as the returned segment is reachable.
   */
  public static MemorySegment mapReadOnly(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), Arena.ofAuto());
    }
  }
}
