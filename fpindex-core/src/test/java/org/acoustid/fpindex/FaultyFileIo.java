package org.acoustid.fpindex;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.acoustid.fpindex.store.FileIo;

/**
 * A {@link FileIo} for crash tests: counts every mutating operation (open for writing, write,
 * truncate, force, rename, delete, directory fsync) and fails the {@code failAt}-th and every later
 * one, as a disk that went away would; {@link #crash} then plays a power loss: every file written
 * through it keeps only what was forced, followed by a torn tail of random bytes.
 */
final class FaultyFileIo implements FileIo {
  private final long failAt;
  private final AtomicLong operations = new AtomicLong();

  /** Bytes of each written file known to be on disk (forced); files not listed were not written. */
  private final Map<Path, Long> durable = new ConcurrentHashMap<>();

  FaultyFileIo(long failAt) {
    this.failAt = failAt;
  }

  long operations() {
    return operations.get();
  }

  boolean failed() {
    return operations.get() >= failAt;
  }

  private void tick(String what, Path path) throws IOException {
    long n = operations.incrementAndGet();
    if (n >= failAt) {
      throw new IOException("injected fault at operation " + n + ": " + what + " " + path);
    }
  }

  @Override
  public FileChannel open(Path path, OpenOption... options) throws IOException {
    boolean writes =
        Set.of(options).contains(StandardOpenOption.WRITE)
            || Set.of(options).contains(StandardOpenOption.CREATE)
            || Set.of(options).contains(StandardOpenOption.CREATE_NEW);
    if (writes) {
      tick("open", path);
      long existing = Files.exists(path) ? Files.size(path) : 0;
      FileChannel channel = FileChannel.open(path, options);
      durable.putIfAbsent(
          path, Set.of(options).contains(StandardOpenOption.TRUNCATE_EXISTING) ? 0 : existing);
      return new Channel(channel, path);
    }
    return new Channel(FileChannel.open(path, options), path);
  }

  @Override
  public void move(Path source, Path target) throws IOException {
    tick("rename", source);
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Long length = durable.remove(source);
    if (length != null) {
      durable.put(target, length);
    } else {
      durable.remove(target);
    }
  }

  @Override
  public void deleteIfExists(Path path) throws IOException {
    tick("delete", path);
    Files.deleteIfExists(path);
    durable.remove(path);
  }

  /** Power loss: each written file is cut to its forced length and gets a torn tail. */
  void crash(Random random) throws IOException {
    for (Map.Entry<Path, Long> e : durable.entrySet()) {
      Path path = e.getKey();
      if (Files.exists(path) == false || Files.isDirectory(path)) {
        continue;
      }
      long size = Files.size(path);
      long keep = Math.min(e.getValue(), size);
      if (keep == size) {
        continue;
      }
      byte[] torn = new byte[(int) Math.min(size - keep, random.nextInt(64))];
      random.nextBytes(torn);
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
        channel.truncate(keep);
        channel.write(ByteBuffer.wrap(torn), keep);
      }
    }
  }

  /** Delegates to a real channel, counting and failing the operations that change the disk. */
  private final class Channel extends FileChannel {
    private final FileChannel real;
    private final Path path;

    Channel(FileChannel real, Path path) {
      this.real = real;
      this.path = path;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      tick("write", path);
      return real.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      tick("write", path);
      return real.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      tick("truncate", path);
      real.truncate(size);
      durable.computeIfPresent(path, (p, d) -> Math.min(d, size));
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      tick("fsync", path);
      real.force(metaData);
      if (durable.containsKey(path)) {
        durable.put(path, real.size());
      }
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      tick("write", path);
      return real.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      tick("write", path);
      return real.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return real.map(mode, position, size);
    }

    @Override
    public MemorySegment map(MapMode mode, long offset, long size, Arena arena) throws IOException {
      return real.map(mode, offset, size, arena);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}
