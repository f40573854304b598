package org.acoustid.fpindex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.acoustid.fpindex.snapshot.SnapshotFormat;
import org.acoustid.fpindex.store.DirectoryOps;
import org.acoustid.fpindex.store.FileIo;

/**
 * Named indexes under one directory, each with a generation: every (re)creation of a name gets a
 * strictly larger generation and a fresh directory, so data of two lineages never mixes.
 *
 * <pre>
 * root/NAME/GENERATION     the last generation given to NAME (kept after a delete)
 * root/NAME/g&lt;N&gt;/          the index of generation N, while it exists
 * </pre>
 *
 * <p>Thread-safe: creation and deletion are serialised; lookups are cheap. Owns its indexes and
 * closes them in {@link #close()}.
 */
public final class IndexRegistry implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  static final String GENERATION_FILE = "GENERATION";

  /**
   * The outcome of {@link #create}.
   *
   * @param created false when the index already existed and is returned as is
   */
  public record CreateResult(FpIndex index, long generation, boolean created) {}

  private record Active(FpIndex index, long generation) {}

  private final Path root;
  private final FpIndexConfig config;
  private final Map<String, Active> active = new TreeMap<>();
  private final Map<String, Long> inMemoryGenerations = new HashMap<>();
  private volatile Map<String, Active> snapshot = Map.of();

  private IndexRegistry(Path root, FpIndexConfig config) {
    this.root = root;
    this.config = config;
  }

  /** Opens every index under {@code root} (created if missing), recovering each from its log. */
  public static IndexRegistry open(Path root, FpIndexConfig config) throws IOException {
    Files.createDirectories(root);
    IndexRegistry registry = new IndexRegistry(root, config);
    boolean ok = false;
    try (Stream<Path> names = Files.list(root)) {
      for (Path nameDir : names.sorted().toList()) {
        String name = nameDir.getFileName().toString();
        if (Files.isDirectory(nameDir) == false || isValidName(name) == false) {
          continue;
        }
        deleteLeftovers(nameDir);
        long generation = readGeneration(nameDir);
        Path dir = nameDir.resolve("g" + generation);
        if (generation > 0 && Files.isDirectory(dir)) {
          registry.active.put(name, new Active(FpIndex.open(dir, config, generation), generation));
        }
      }
      registry.publish();
      ok = true;
    } finally {
      if (ok == false) {
        registry.close();
      }
    }
    return registry;
  }

  /** A registry whose indexes live in memory only. */
  public static IndexRegistry inMemory(FpIndexConfig config) {
    return new IndexRegistry(null, config);
  }

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Creates {@code name}, or returns it when it exists. With {@code generation}, an existing index
   * must have exactly that generation and a new one gets it (it must exceed every earlier one).
   *
   * @throws InvalidIndexNameException for names outside {@code [A-Za-z0-9_-]{1,255}}
   * @throws IndexAlreadyExistsException when it exists and {@code expectDoesNotExist}
   * @throws OlderIndexAlreadyExistsException when the requested generation is below the active one,
   *     or not above the name's last one
   * @throws NewerIndexAlreadyExistsException when the requested generation is above the active one
   */
  public synchronized CreateResult create(
      String name, boolean expectDoesNotExist, OptionalLong generation) throws IOException {
    if (isValidName(name) == false) {
      throw new InvalidIndexNameException("invalid index name \"" + name + "\"");
    }
    Active existing = active.get(name);
    if (existing != null) {
      if (expectDoesNotExist) {
        throw new IndexAlreadyExistsException("index " + name + " exists");
      }
      if (generation.isPresent() && generation.getAsLong() < existing.generation()) {
        throw new OlderIndexAlreadyExistsException(
            "index " + name + " has generation " + existing.generation());
      }
      if (generation.isPresent() && generation.getAsLong() > existing.generation()) {
        throw new NewerIndexAlreadyExistsException(
            "index " + name + " has generation " + existing.generation());
      }
      return new CreateResult(existing.index(), existing.generation(), false);
    }
    long previous = lastGeneration(name);
    long next;
    if (generation.isPresent()) {
      if (generation.getAsLong() <= previous) {
        throw new OlderIndexAlreadyExistsException(
            "generation "
                + generation.getAsLong()
                + " is not above "
                + name
                + "'s last generation "
                + previous);
      }
      next = generation.getAsLong();
    } else {
      next = previous + 1;
    }
    FpIndex index;
    if (root == null) {
      inMemoryGenerations.put(name, next);
      index = FpIndex.inMemory(config);
    } else {
      Path nameDir = root.resolve(name);
      Files.createDirectories(nameDir);
      DirectoryOps.writeAtomically(
          FileIo.DEFAULT,
          nameDir.resolve(GENERATION_FILE),
          Long.toString(next).getBytes(StandardCharsets.US_ASCII));
      index = FpIndex.open(nameDir.resolve("g" + next), config, next);
      DirectoryOps.fsyncDirectory(FileIo.DEFAULT, nameDir);
    }
    active.put(name, new Active(index, next));
    publish();
    return new CreateResult(index, next, true);
  }

  /** The active index of {@code name}, if any (invalid names have none). */
  public Optional<FpIndex> get(String name) {
    Active a = snapshot.get(name);
    return a == null ? Optional.empty() : Optional.of(a.index());
  }

  /** The generation of the active index {@code name}. */
  public long generation(String name) {
    Active a = snapshot.get(name);
    if (a == null) {
      throw new IndexNotFoundException("no index named " + name);
    }
    return a.generation();
  }

  /**
   * Deletes {@code name} and its data; returns false when it did not exist. Its generation stays.
   */
  public synchronized boolean delete(String name) throws IOException {
    Active a = active.remove(name);
    if (a == null) {
      return false;
    }
    publish();
    a.index().close();
    if (root != null) {
      Path dir = root.resolve(name).resolve("g" + a.generation());
      Path doomed = dir.resolveSibling(dir.getFileName() + ".deleted");
      Files.move(dir, doomed);
      DirectoryOps.fsyncDirectory(FileIo.DEFAULT, dir.getParent());
      DirectoryOps.deleteTree(doomed);
    }
    return true;
  }

  /**
   * Replaces the data of lineage {@code (name, generation)} with a {@link FpIndex#snapshot} stream
   * (a replica seeding itself from a peer). The stream is restored into a staging directory first,
   * so a failed or rejected transfer leaves the current index untouched; then, under the registry
   * lock, the staged directory takes the place of the current one and is opened. In-flight searches
   * of the replaced index finish on the data they started with.
   *
   * @throws CorruptIndexException when the stream is malformed
   * @throws IllegalArgumentException when the stream is of another generation
   * @throws OlderIndexAlreadyExistsException when the name has moved past {@code generation}
   * @throws UnsupportedOperationException for an in-memory registry
   */
  public FpIndex install(String name, long generation, InputStream snapshot) throws IOException {
    if (root == null) {
      throw new UnsupportedOperationException("an in-memory registry cannot install snapshots");
    }
    if (isValidName(name) == false) {
      throw new InvalidIndexNameException("invalid index name \"" + name + "\"");
    }
    Path nameDir = root.resolve(name);
    Files.createDirectories(nameDir);
    Path staging = Files.createTempDirectory(nameDir, "g" + generation + "-").toAbsolutePath();
    Path doomed = nameDir.resolve(staging.getFileName() + ".deleted");
    try {
      SnapshotFormat.restore(snapshot, staging, OptionalLong.of(generation));
    } catch (IOException | RuntimeException e) {
      Files.move(staging, doomed);
      DirectoryOps.deleteTree(doomed);
      throw e;
    }
    synchronized (this) {
      Active existing = active.get(name);
      long last = lastGeneration(name);
      if ((existing != null && existing.generation() != generation) || last > generation) {
        Files.move(staging, doomed);
        DirectoryOps.deleteTree(doomed);
        throw new OlderIndexAlreadyExistsException(
            "index " + name + " is at generation " + last + ", not " + generation);
      }
      Path dir = nameDir.resolve("g" + generation);
      if (existing != null) {
        active.remove(name);
        publish();
        existing.index().close();
      }
      Path replaced = nameDir.resolve("g" + generation + ".deleted");
      if (Files.exists(dir)) {
        Files.move(dir, replaced);
      }
      Files.move(staging, dir);
      if (last != generation) {
        DirectoryOps.writeAtomically(
            FileIo.DEFAULT,
            nameDir.resolve(GENERATION_FILE),
            Long.toString(generation).getBytes(StandardCharsets.US_ASCII));
      }
      DirectoryOps.fsyncDirectory(FileIo.DEFAULT, nameDir);
      if (Files.exists(replaced)) {
        DirectoryOps.deleteTree(replaced);
      }
      FpIndex index = FpIndex.open(dir, config, generation);
      active.put(name, new Active(index, generation));
      publish();
      return index;
    }
  }

  /** The directory the indexes live under, or null for an in-memory registry. */
  public Path root() {
    return root;
  }

  /** Names of the active indexes, sorted. */
  public Set<String> names() {
    return new TreeSet<>(snapshot.keySet());
  }

  @Override
  public synchronized void close() {
    for (Active a : active.values()) {
      a.index().close();
    }
    active.clear();
    publish();
  }

  private void publish() {
    snapshot = Map.copyOf(active);
  }

  private long lastGeneration(String name) throws IOException {
    if (root == null) {
      return inMemoryGenerations.getOrDefault(name, 0L);
    }
    return readGeneration(root.resolve(name));
  }

  private static long readGeneration(Path nameDir) throws IOException {
    try {
      String text =
          Files.readString(nameDir.resolve(GENERATION_FILE), StandardCharsets.US_ASCII).trim();
      return Long.parseLong(text);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (NumberFormatException e) {
      throw new CorruptIndexException(
          nameDir.resolve(GENERATION_FILE), 0, "not a generation number");
    }
  }

  private static void deleteLeftovers(Path nameDir) throws IOException {
    try (Stream<Path> entries = Files.list(nameDir)) {
      for (Path p : entries.toList()) {
        String file = p.getFileName().toString();
        // deleted lineages, and staging directories of installs cut short by a crash
        if (file.endsWith(".deleted") || (file.startsWith("g") && file.contains("-"))) {
          DirectoryOps.deleteTree(p);
        }
      }
    }
  }
}
