package org.acoustid.server.api.v2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code /v2/track/list_by_mbid} (§4.5) and {@code /v2/track/list_by_puid} (§4.6). MBIDs are
 * matched case-insensitively (quirk Q4, fixed); tracks come in id order.
 */
public final class TrackListEndpoint {
  private final DataSource db;

  public TrackListEndpoint(DataSource db) {
    this.db = db;
  }

  public Map<String, Object> listByMbid(List<String> mbids, Integer disabled, Integer batch)
      throws Exception {
    if (mbids.isEmpty()) {
      throw new ApiException(ApiError.missingParameter("mbid"));
    }
    for (String mbid : mbids) {
      if (SubmitEndpoint.isUuid(mbid) == false) {
        throw new ApiException(ApiError.invalidUuid("mbid"));
      }
    }
    boolean withDisabled = disabled != null && disabled != 0;
    if (batch == null || batch == 0) {
      return Map.of("tracks", tracks(mbids.get(0), withDisabled));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String mbid : mbids) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("mbid", mbid);
      item.put("tracks", tracks(mbid, withDisabled));
      out.add(item);
    }
    return Map.of("mbids", out);
  }

  public Map<String, Object> listByPuid(String puid) throws ApiException {
    if (puid == null || puid.isEmpty()) {
      throw new ApiException(ApiError.missingParameter("puid"));
    }
    if (SubmitEndpoint.isUuid(puid) == false) {
      throw new ApiException(ApiError.invalidUuid("puid"));
    }
    return Map.of("tracks", List.of()); // PUIDs are retired
  }

  private List<Map<String, Object>> tracks(String mbid, boolean withDisabled) throws Exception {
    String sql =
        "SELECT t.gid, tm.disabled FROM track_mbid tm JOIN track t ON t.id = tm.track_id WHERE tm.mbid = ?::uuid"
            + (withDisabled ? "" : " AND NOT tm.disabled")
            + " ORDER BY t.id";
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, mbid.toLowerCase(Locale.ROOT));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> track = new LinkedHashMap<>();
          track.put("id", rs.getObject(1).toString());
          if (withDisabled && rs.getBoolean(2)) {
            track.put("disabled", true);
          }
          out.add(track);
        }
      }
    }
    return out;
  }
}
