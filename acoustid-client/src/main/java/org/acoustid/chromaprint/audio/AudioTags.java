package org.acoustid.chromaprint.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text tags of an audio file that a submission can carry (title, artist, album, album artist,
 * track and disc number, year, MusicBrainz recording id), read with {@code ffprobe} when it is
 * installed; {@link #NONE} otherwise or when the file has none.
 */
public record AudioTags(
    String title,
    String artist,
    String album,
    String albumArtist,
    Integer trackNo,
    Integer discNo,
    Integer year,
    String recordingMbid) {
  public static final AudioTags NONE =
      new AudioTags(null, null, null, null, null, null, null, null);
  private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(\\d{1,9})");
  private static final Pattern UUID =
      Pattern.compile("^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$");

  static String executable() {
    return System.getProperty("acoustid.ffprobe", "ffprobe");
  }

  /** The tags of {@code file}; {@link #NONE} when ffprobe is missing or cannot read the file. */
  public static AudioTags read(Path file) {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  executable(),
                  "-v",
                  "error",
                  "-show_entries",
                  "format_tags:stream_tags",
                  "-of",
                  "default=noprint_wrappers=1",
                  file.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return NONE;
    }
    try {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return NONE;
      }
      return parse(out.lines().toList());
    } catch (IOException e) {
      return NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NONE;
    } finally {
      process.destroy();
    }
  }

  /** Parses ffprobe's {@code TAG:name=value} lines (first value of a name wins). */
  static AudioTags parse(List<String> lines) {
    Map<String, String> tags = new HashMap<>();
    for (String line : lines) {
      if (!line.startsWith("TAG:")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = line.substring(4, eq).toLowerCase(Locale.ROOT).replace(' ', '_');
      String value = line.substring(eq + 1).strip();
      if (!value.isEmpty()) {
        tags.putIfAbsent(name, value);
      }
    }
    String mbid = first(tags, "musicbrainz_trackid", "musicbrainz_track_id");
    return new AudioTags(
        tags.get("title"),
        tags.get("artist"),
        tags.get("album"),
        first(tags, "album_artist", "albumartist"),
        number(first(tags, "track", "tracknumber")),
        number(first(tags, "disc", "discnumber")),
        number(first(tags, "date", "year")),
        mbid != null && UUID.matcher(mbid).matches() ? mbid.toLowerCase(Locale.ROOT) : null);
  }

  private static String first(Map<String, String> tags, String... names) {
    for (String n : names) {
      if (tags.containsKey(n)) {
        return tags.get(n);
      }
    }
    return null;
  }

  /** "3/12" → 3, "2004-05-01" → 2004; null when it does not start with a number. */
  private static Integer number(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = LEADING_NUMBER.matcher(value);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }
}
