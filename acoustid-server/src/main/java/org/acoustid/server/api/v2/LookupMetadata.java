package org.acoustid.server.api.v2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.acoustid.server.tasks.Task;
import org.acoustid.server.tasks.TaskQueue;

/**
 * Attaches {@code meta} to lookup results (specification §8) from this service's own tables: linked
 * MBIDs ({@code track_mbid}, enabled, MBID order, with submission counts for {@code sources}) and
 * user metadata ({@code track_meta}); recording titles, durations and artists from a MusicBrainz
 * replica in schema {@code musicbrainz} when the database has one. Releases and release groups are
 * not read from it yet: those lists stay empty. An MBID the replica does not know is offered to the
 * task queue as {@code merge_missing_mbid} (§8.2, §13.3), which never blocks or fails the lookup.
 */
final class LookupMetadata {
  static final int MAX_USERMETA = 10;

  private final Connection c;
  private final Set<String> flags;
  private final TaskQueue tasks;

  /** With {@code tasks} null, unknown MBIDs are not reported. */
  LookupMetadata(Connection c, Set<String> flags, TaskQueue tasks) {
    this.c = c;
    this.flags = flags;
    this.tasks = tasks;
  }

  /** The {@code meta} parameter as a set of flags (§4.1, §8.1). */
  static Set<String> flags(String meta) {
    Set<String> out = new LinkedHashSet<>();
    if (meta == null || meta.isBlank() || meta.strip().equals("0")) {
      return out;
    }
    switch (meta.strip()) {
      case "1" -> out.add("recordingids");
      case "2" -> out.add("m2");
      default -> {
        for (String word : meta.strip().split("\\s+")) {
          out.add(word);
        }
      }
    }
    return out;
  }

  /**
   * Renders each entry's results, attaching metadata when any is asked for and any result exists.
   */
  List<List<Map<String, Object>>> render(List<List<LookupEndpoint.Result>> answers)
      throws SQLException {
    List<List<Map<String, Object>>> out = new ArrayList<>();
    Set<Integer> trackIds = new LinkedHashSet<>();
    for (List<LookupEndpoint.Result> results : answers) {
      List<Map<String, Object>> rendered = new ArrayList<>();
      for (LookupEndpoint.Result r : results) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", r.gid().toString());
        // the score as PostgreSQL's float4 would print it, not the widened double
        item.put("score", Double.parseDouble(Float.toString(r.score())));
        rendered.add(item);
        trackIds.add(r.trackId());
      }
      out.add(rendered);
    }
    if (flags.isEmpty() || trackIds.isEmpty()) {
      return out;
    }
    Map<Integer, List<Map<String, Object>>> recordings = recordings(trackIds);
    boolean knownToMusicBrainz =
        any("recordings", "isrcs", "usermeta") && fromMusicBrainz(recordings);
    Map<Integer, List<Map<String, Object>>> usermeta =
        flags.contains("usermeta") && !knownToMusicBrainz ? usermeta(trackIds) : Map.of();
    for (int a = 0; a < answers.size(); a++) {
      for (int i = 0; i < answers.get(a).size(); i++) {
        attach(out.get(a).get(i), answers.get(a).get(i).trackId(), recordings, usermeta);
      }
    }
    return out;
  }

  private boolean any(String... names) {
    for (String n : names) {
      if (flags.contains(n)) {
        return true;
      }
    }
    return false;
  }

  private void attach(
      Map<String, Object> item,
      int trackId,
      Map<Integer, List<Map<String, Object>>> recordings,
      Map<Integer, List<Map<String, Object>>> usermeta) {
    List<Map<String, Object>> mbids = recordings.getOrDefault(trackId, List.of());
    if (flags.contains("m2") || any("recordings", "recordingids", "isrcs")) {
      List<Map<String, Object>> list = new ArrayList<>(mbids);
      if (!flags.contains("m2")) {
        list.addAll(usermeta.getOrDefault(trackId, List.of()));
      }
      if (!list.isEmpty()) {
        item.put("recordings", list);
      }
    } else if (any("releasegroups", "releasegroupids")) {
      if (!mbids.isEmpty()) {
        item.put("releasegroups", List.of()); // MBIDs MusicBrainz does not know (§8.4)
      }
    } else if (any("releases", "releaseids")) {
      if (!mbids.isEmpty()) {
        item.put("releases", List.of());
      }
    }
  }

  /** Enabled MBIDs per track in MBID order, as {@code {"id"}} (plus {@code sources}). */
  private Map<Integer, List<Map<String, Object>>> recordings(Set<Integer> trackIds)
      throws SQLException {
    Map<Integer, List<Map<String, Object>>> out = new HashMap<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT track_id, mbid, submission_count FROM track_mbid"
                + " WHERE track_id = ANY (?) AND NOT disabled ORDER BY track_id, mbid::text")) {
      st.setArray(1, c.createArrayOf("int4", trackIds.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> recording = new LinkedHashMap<>();
          recording.put("id", rs.getObject(2, UUID.class).toString());
          if (flags.contains("sources")) {
            recording.put("sources", rs.getInt(3));
          }
          out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(recording);
        }
      }
    }
    return out;
  }

  /**
   * Fills recording objects from a MusicBrainz replica in schema {@code musicbrainz} of the same
   * database, when there is one (§8.7): with the {@code recordings} flag, {@code title} (always),
   * {@code duration} (seconds) and {@code artists} in credit order. Returns whether any MBID of the
   * request is known there, which turns {@code usermeta} off (§8.3 step 3).
   */
  private boolean fromMusicBrainz(Map<Integer, List<Map<String, Object>>> recordings)
      throws SQLException {
    Map<String, List<Map<String, Object>>> byMbid = new HashMap<>();
    for (List<Map<String, Object>> list : recordings.values()) {
      for (Map<String, Object> r : list) {
        byMbid.computeIfAbsent((String) r.get("id"), k -> new ArrayList<>()).add(r);
      }
    }
    if (byMbid.isEmpty() || !hasMusicBrainz()) {
      return false;
    }
    boolean full = flags.contains("recordings") || flags.contains("isrcs");
    Set<String> found = new HashSet<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT r.gid::text, r.name, r.length, a.gid::text, acn.name, acn.join_phrase"
                + " FROM musicbrainz.recording r"
                + " LEFT JOIN musicbrainz.artist_credit_name acn ON acn.artist_credit = r.artist_credit"
                + " LEFT JOIN musicbrainz.artist a ON a.id = acn.artist"
                + " WHERE r.gid = ANY (?::uuid[]) ORDER BY r.gid, acn.position")) {
      st.setArray(1, c.createArrayOf("text", byMbid.keySet().toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
          if (!full) {
            continue;
          }
          for (Map<String, Object> r : byMbid.get(rs.getString(1))) {
            r.putIfAbsent("title", rs.getString(2) == null ? "" : rs.getString(2));
            long length = rs.getLong(3);
            if (!rs.wasNull() && length > 0) {
              r.putIfAbsent("duration", length / 1000.0);
            }
            if (rs.getString(4) != null) {
              Map<String, Object> artist = new LinkedHashMap<>();
              artist.put("id", rs.getString(4));
              artist.put("name", rs.getString(5));
              String join = rs.getString(6);
              if (join != null && !join.isEmpty()) {
                artist.put("joinphrase", join);
              }
              @SuppressWarnings("unchecked")
              List<Object> artists =
                  (List<Object>) r.computeIfAbsent("artists", k -> new ArrayList<>());
              artists.add(artist);
            }
          }
        }
      }
    }
    requestMerges(byMbid.keySet(), found);
    return !found.isEmpty();
  }

  /** Offers {@code merge_missing_mbid} for each MBID of the request that MusicBrainz lacks. */
  private void requestMerges(Set<String> mbids, Set<String> found) {
    if (tasks == null) {
      return;
    }
    for (String mbid : mbids) {
      if (!found.contains(mbid)) {
        try {
          tasks.offer(Task.mergeMissingMbid(mbid));
        } catch (RuntimeException e) {
          // offer() does not throw; were it to, the lookup must still answer
        }
      }
    }
  }

  private boolean hasMusicBrainz() throws SQLException {
    try (PreparedStatement st =
            c.prepareStatement("SELECT to_regclass('musicbrainz.recording') IS NOT NULL");
        ResultSet rs = st.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** Up to 10 user-metadata objects per track, most submitted first (§8.8). */
  private Map<Integer, List<Map<String, Object>>> usermeta(Set<Integer> trackIds)
      throws SQLException {
    Map<Integer, List<Map<String, Object>>> out = new HashMap<>();
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT tm.track_id, m.id, m.track, m.artist, m.album, m.album_artist, m.track_no,"
                + " m.disc_no, m.year FROM track_meta tm JOIN meta m ON m.id = tm.meta_id"
                + " WHERE tm.track_id = ANY (?)"
                + " ORDER BY tm.track_id, tm.submission_count DESC, tm.id")) {
      st.setArray(1, c.createArrayOf("int4", trackIds.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          List<Map<String, Object>> list =
              out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>());
          if (list.size() < MAX_USERMETA) {
            list.add(
                userRecording(
                    rs.getInt(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    (Integer) rs.getObject(7),
                    (Integer) rs.getObject(8),
                    (Integer) rs.getObject(9)));
          }
        }
      }
    }
    return out;
  }

  private Map<String, Object> userRecording(
      int metaId,
      String track,
      String artist,
      String album,
      String albumArtist,
      Integer trackNo,
      Integer discNo,
      Integer year) {
    Map<String, Object> recording = new LinkedHashMap<>();
    putText(recording, "title", track);
    putList(recording, "artists", artist);
    Map<String, Object> release = new LinkedHashMap<>();
    putText(release, "title", album);
    putList(release, "artists", albumArtist);
    boolean releaseKnown = !release.isEmpty();
    Map<String, Object> event = new LinkedHashMap<>();
    if (year != null) {
      event.put("date", Map.of("year", year));
    }
    release.put("releaseevents", List.of(event));
    if (flags.contains("tracks")) {
      Map<String, Object> trackItem = new LinkedHashMap<>();
      trackItem.put("id", metaId);
      trackItem.put("position", trackNo);
      putText(trackItem, "title", track);
      putList(trackItem, "artists", artist);
      Map<String, Object> medium = new LinkedHashMap<>();
      medium.put("position", discNo);
      medium.put("track_count", null);
      medium.put("tracks", List.of(trackItem));
      release.put("mediums", List.of(medium));
    }
    if (any("releasegroups", "releasegroupids")) {
      Map<String, Object> group = new LinkedHashMap<>();
      putText(group, "title", album);
      putList(group, "artists", albumArtist);
      if (any("releases", "releaseids") && releaseKnown) {
        group.put("releases", List.of(release));
      }
      if (!group.isEmpty()) {
        recording.put("releasegroups", List.of(group));
      }
    } else if (any("releases", "releaseids") && releaseKnown) {
      recording.put("releases", List.of(release));
    }
    return recording;
  }

  private static void putText(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  /** User metadata artists are plain strings in a list (§8.8). */
  private static void putList(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, List.of(value));
    }
  }
}
