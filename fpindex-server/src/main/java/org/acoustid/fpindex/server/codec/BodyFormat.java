package org.acoustid.fpindex.server.codec;

/**
 * The two body encodings of the API, with the exact media types they are sent and recognised as.
 */
public enum BodyFormat {
  JSON("application/json", "application/json; charset=UTF-8"),
  MSGPACK("application/vnd.msgpack", "application/vnd.msgpack");

  private final String mediaType;
  private final String responseContentType;

  BodyFormat(String mediaType, String responseContentType) {
    this.mediaType = mediaType;
    this.responseContentType = responseContentType;
  }

  /** The media type as matched in {@code Content-Type} and {@code Accept}. */
  public String mediaType() {
    return mediaType;
  }

  /** The exact {@code Content-Type} of responses in this format. */
  public String responseContentType() {
    return responseContentType;
  }

  /**
   * The format named by a header value: the text before the first {@code ;}, lower-cased and not
   * trimmed, must equal a media type exactly. Returns null for anything else.
   */
  public static BodyFormat fromHeader(String headerValue) {
    if (headerValue == null) {
      return null;
    }
    int semicolon = headerValue.indexOf(';');
    String type = (semicolon < 0 ? headerValue : headerValue.substring(0, semicolon)).toLowerCase();
    for (BodyFormat format : values()) {
      if (format.mediaType.equals(type)) {
        return format;
      }
    }
    return null;
  }
}
