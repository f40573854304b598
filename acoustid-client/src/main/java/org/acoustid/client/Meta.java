package org.acoustid.client;

/** What a lookup attaches to each result ({@code meta=} values of the API). */
public enum Meta {
  RECORDINGS("recordings"),
  RECORDING_IDS("recordingids"),
  RELEASES("releases"),
  RELEASE_IDS("releaseids"),
  RELEASE_GROUPS("releasegroups"),
  RELEASE_GROUP_IDS("releasegroupids"),
  TRACKS("tracks"),
  COMPRESS("compress"),
  USER_META("usermeta"),
  SOURCES("sources"),
  ISRCS("isrcs");

  private final String wireName;

  Meta(String wireName) {
    this.wireName = wireName;
  }

  /** The word sent in the {@code meta} parameter. */
  public String wireName() {
    return wireName;
  }
}
