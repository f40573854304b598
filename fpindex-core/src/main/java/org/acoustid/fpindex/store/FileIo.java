package org.acoustid.fpindex.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file operations an index writes through: opening channels (for logs, segments, the manifest
 * and directory fsyncs), atomic renames and deletions. {@link #DEFAULT} is the platform's; tests
 * substitute one that fails the Nth operation and loses what was not forced, to check that no
 * acknowledged write depends on anything but a completed fsync.
 */
public interface FileIo {
  FileChannel open(Path path, OpenOption... options) throws IOException;

  /** Renames {@code source} to {@code target} atomically, replacing it. */
  void move(Path source, Path target) throws IOException;

  void deleteIfExists(Path path) throws IOException;

  FileIo DEFAULT =
      new FileIo() {
        @Override
        public FileChannel open(Path path, OpenOption... options) throws IOException {
          return FileChannel.open(path, options);
        }

        @Override
        public void move(Path source, Path target) throws IOException {
          Files.move(
              source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void deleteIfExists(Path path) throws IOException {
          Files.deleteIfExists(path);
        }

        @Override
        public String toString() {
          return "FileIo.DEFAULT";
        }
      };
}
