package org.acoustid.fpindex;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.acoustid.fpindex.segment.Segment;
import org.acoustid.fpindex.segment.SegmentBuilder;
import org.acoustid.fpindex.segment.SegmentData;
import org.acoustid.fpindex.segment.SegmentFormat;
import org.acoustid.fpindex.segment.SegmentWriter;
import org.acoustid.fpindex.store.DirectoryOps;
import org.acoustid.fpindex.store.FileIo;
import org.acoustid.fpindex.store.Manifest;
import org.acoustid.fpindex.wal.WalFile;

/**
 * Rebuilds an index's state at open: the manifest's file segments, then every logged commit above
 * the manifest's file version, in order. A torn tail of the newest log is cut off (it was never
 * acknowledged); damage anywhere else, or a gap between versions, is a {@link
 * CorruptIndexException}. Files no manifest refers to (left by a crash during a checkpoint or
 * merge) are deleted, as are logs wholly below the file version.
 *
 * @param remainingWals logs still needed (they hold commits above the file version), oldest first
 */
record Recovery(IndexView view, Manifest manifest, List<Path> remainingWals) {

  static Recovery run(Path dir, FpIndexConfig config) throws IOException {
    Manifest manifest = Manifest.read(dir);
    List<Segment> segments = new ArrayList<>();
    for (long seq : manifest.segments()) {
      Path file = dir.resolve(SegmentFormat.fileName(seq));
      if (Files.exists(file) == false) {
        throw new CorruptIndexException(file, 0, "segment listed in the manifest is missing");
      }
      segments.add(Segment.open(DirectoryOps.mapReadOnly(file), seq, file));
    }
    deleteOrphans(config.fileIo(), dir, manifest);
    Map<String, String> metadata = segments.isEmpty() ? Map.of() : segments.getLast().metadata();
    long fileVersion = manifest.fileVersion();
    IndexView view = IndexView.of(segments, fileVersion, metadata, fileVersion);

    List<Path> wals = WalFile.list(dir);
    List<Path> remaining = new ArrayList<>();
    long[] version = {fileVersion};
    Map<String, String>[] meta = new Map[] {metadata};
    List<SegmentData> replayed = new ArrayList<>();
    for (int i = 0; i < wals.size(); i++) {
      Path file = wals.get(i);
      boolean isLast = i == wals.size() - 1;
      long[] maxInFile = {0};
      WalFile.replay(
          config.fileIo(),
          file,
          isLast,
          record -> {
            maxInFile[0] = Math.max(maxInFile[0], record.version());
            if (record.version() <= version[0]) {
              return; // already in a file segment
            }
            if (record.previousVersion() != version[0]) {
              throw new CorruptIndexException(
                  file, 0, "log jumps from version " + version[0] + " to " + record.version());
            }
            SegmentData data =
                SegmentBuilder.fromChanges(record.changes(), record.version(), meta[0]);
            replayed.add(data);
            meta[0] = data.metadata();
            version[0] = record.version();
          });
      if (maxInFile[0] > fileVersion) {
        remaining.add(file);
      } else {
        config.fileIo().deleteIfExists(file); // wholly checkpointed, or empty
      }
    }
    for (SegmentData data : replayed) {
      view =
          view.withCommit(
              Segment.wrapFresh(SegmentWriter.encode(data, Arena.ofAuto()), 0),
              data.maxVersion(),
              data.metadata());
    }
    List<Segment> unflushed = view.unflushed();
    if (unflushed.size() > config.maxMemorySegments()) {
      SegmentData merged = SegmentBuilder.merge(unflushed, view.masksOf(unflushed), false);
      view =
          view.replace(
              unflushed, Segment.wrapFresh(SegmentWriter.encode(merged, Arena.ofAuto()), 0), 0);
    }
    DirectoryOps.fsyncDirectory(config.fileIo(), dir);
    return new Recovery(view, manifest, remaining);
  }

  private static void deleteOrphans(FileIo io, Path dir, Manifest manifest) throws IOException {
    Set<String> keep = new HashSet<>();
    for (long seq : manifest.segments()) {
      keep.add(SegmentFormat.fileName(seq));
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        boolean orphanSegment =
            name.endsWith(SegmentFormat.EXTENSION) && keep.contains(name) == false;
        if (orphanSegment || name.endsWith(".tmp")) {
          io.deleteIfExists(p);
        }
      }
    }
  }
}
