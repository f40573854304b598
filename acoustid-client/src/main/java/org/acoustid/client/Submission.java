package org.acoustid.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One fingerprint to submit, with what is known about it. Validated when built, with the service's
 * own rules, so a batch never fails on the server for a reason the client could have seen: duration
 * in [1, 32767] s, MBIDs and PUID as UUIDs, foreign id as {@code vendor:id}, bitrate ≥ 0.
 *
 * <pre>{@code
 * Submission s = Submission.builder(fingerprint, 641).mbid("cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff")
 *     .track("Lower Your Eyelids to Die With the Sun").artist("M83").build();
 * }</pre>
 */
public record Submission(
    String fingerprint,
    int durationSeconds,
    List<String> mbids,
    String puid,
    String foreignId,
    String track,
    String artist,
    String album,
    String albumArtist,
    Integer year,
    Integer trackNo,
    Integer discNo,
    String fileFormat,
    Integer bitrate) {
  static final int MAX_DURATION_SECONDS = 32_767;
  private static final Pattern UUID =
      Pattern.compile("^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$");
  private static final Pattern FOREIGN_ID = Pattern.compile("^[0-9a-z]+:.+$");

  public Submission {
    if (fingerprint == null || fingerprint.isEmpty()) {
      throw new IllegalArgumentException("fingerprint must not be empty");
    }
    if (durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
      throw new IllegalArgumentException(
          "durationSeconds must be in [1, "
              + MAX_DURATION_SECONDS
              + "], got durationSeconds="
              + durationSeconds);
    }
    mbids = List.copyOf(mbids);
    for (String mbid : mbids) {
      requireUuid("mbid", mbid);
    }
    if (puid != null) {
      requireUuid("puid", puid);
    }
    if (foreignId != null && FOREIGN_ID.matcher(foreignId).matches() == false) {
      throw new IllegalArgumentException(
          "foreignId must look like vendor:id, got foreignId=" + foreignId);
    }
    if (bitrate != null && bitrate < 0) {
      throw new IllegalArgumentException("bitrate must be >= 0, got bitrate=" + bitrate);
    }
  }

  private static void requireUuid(String name, String value) {
    if (value == null || UUID.matcher(value).matches() == false) {
      throw new IllegalArgumentException(name + " must be a UUID, got " + name + "=" + value);
    }
  }

  public static Builder builder(String fingerprint, int durationSeconds) {
    return new Builder(fingerprint, durationSeconds);
  }

  /** The form fields of this submission as entry {@code n} of a request, in the API's names. */
  Map<String, List<String>> formFields(int n) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String suffix = "." + n;
    put(fields, "fingerprint" + suffix, fingerprint);
    put(fields, "duration" + suffix, Integer.toString(durationSeconds));
    if (mbids.isEmpty() == false) {
      fields.put("mbid" + suffix, new ArrayList<>(mbids));
    }
    put(fields, "puid" + suffix, puid);
    put(fields, "foreignid" + suffix, foreignId);
    put(fields, "track" + suffix, track);
    put(fields, "artist" + suffix, artist);
    put(fields, "album" + suffix, album);
    put(fields, "albumartist" + suffix, albumArtist);
    put(fields, "year" + suffix, year);
    put(fields, "trackno" + suffix, trackNo);
    put(fields, "discno" + suffix, discNo);
    put(fields, "fileformat" + suffix, fileFormat);
    put(fields, "bitrate" + suffix, bitrate);
    return fields;
  }

  private static void put(Map<String, List<String>> fields, String name, Object value) {
    if (value != null && value.toString().isEmpty() == false) {
      fields.put(name, List.of(value.toString()));
    }
  }

  /** Builds a {@link Submission}; every setter is optional. */
  public static final class Builder {
    private final String fingerprint;
    private final int durationSeconds;
    private final List<String> mbids = new ArrayList<>();
    private String puid;
    private String foreignId;
    private String track;
    private String artist;
    private String album;
    private String albumArtist;
    private Integer year;
    private Integer trackNo;
    private Integer discNo;
    private String fileFormat;
    private Integer bitrate;

    private Builder(String fingerprint, int durationSeconds) {
      this.fingerprint = fingerprint;
      this.durationSeconds = durationSeconds;
    }

    /** Adds a MusicBrainz recording id; may be called several times. */
    public Builder mbid(String mbid) {
      mbids.add(mbid);
      return this;
    }

    public Builder puid(String puid) {
      this.puid = puid;
      return this;
    }

    public Builder foreignId(String foreignId) {
      this.foreignId = foreignId;
      return this;
    }

    public Builder track(String track) {
      this.track = track;
      return this;
    }

    public Builder artist(String artist) {
      this.artist = artist;
      return this;
    }

    public Builder album(String album) {
      this.album = album;
      return this;
    }

    public Builder albumArtist(String albumArtist) {
      this.albumArtist = albumArtist;
      return this;
    }

    public Builder year(int year) {
      this.year = year;
      return this;
    }

    public Builder trackNo(int trackNo) {
      this.trackNo = trackNo;
      return this;
    }

    public Builder discNo(int discNo) {
      this.discNo = discNo;
      return this;
    }

    public Builder fileFormat(String fileFormat) {
      this.fileFormat = fileFormat;
      return this;
    }

    public Builder bitrate(int bitrate) {
      this.bitrate = bitrate;
      return this;
    }

    public Submission build() {
      return new Submission(
          fingerprint,
          durationSeconds,
          mbids,
          puid,
          foreignId,
          track,
          artist,
          album,
          albumArtist,
          year,
          trackNo,
          discNo,
          fileFormat,
          bitrate);
    }
  }
}
