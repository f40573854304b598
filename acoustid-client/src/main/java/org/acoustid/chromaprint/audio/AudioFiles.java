package org.acoustid.chromaprint.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Finding audio files by extension, for the commands that walk a directory. */
public final class AudioFiles {
  static final Set<String> EXTENSIONS =
      Set.of("wav", "aif", "aiff", "au", "mp3", "ogg", "oga", "flac", "m4a", "opus", "wma");

  private AudioFiles() {}

  /** Every audio file under {@code dir} (recursively, hidden files skipped), in path order. */
  public static List<Path> under(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(AudioFiles::isAudio).sorted().toList();
    }
  }

  public static boolean isAudio(Path p) {
    return EXTENSIONS.contains(extension(p)) && !p.getFileName().toString().startsWith(".");
  }

  /** The lower-case extension without the dot, or "". */
  public static String extension(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
