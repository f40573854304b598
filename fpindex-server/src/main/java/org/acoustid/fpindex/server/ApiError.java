package org.acoustid.fpindex.server;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The stable error names of the HTTP API with their statuses. Names are part of the wire contract
 * (clients compare them), so they never change once published.
 */
public enum ApiError {
  BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "BadRequest"),
  INVALID_INDEX_NAME(HttpResponseStatus.BAD_REQUEST, "InvalidIndexName"),
  INVALID_FINGERPRINT_ID(HttpResponseStatus.BAD_REQUEST, "InvalidFingerprintId"),
  GENERATION_NOT_ALLOWED(HttpResponseStatus.BAD_REQUEST, "GenerationNotAllowed"),
  FEED_IS_READ_ONLY(HttpResponseStatus.FORBIDDEN, "FeedIsReadOnly"),
  INDEX_NOT_FOUND(HttpResponseStatus.NOT_FOUND, "IndexNotFound"),
  FINGERPRINT_NOT_FOUND(HttpResponseStatus.NOT_FOUND, "FingerprintNotFound"),
  NOT_FOUND(HttpResponseStatus.NOT_FOUND, "NotFound"),
  VERSION_MISMATCH(HttpResponseStatus.CONFLICT, "VersionMismatch"),
  INDEX_ALREADY_EXISTS(HttpResponseStatus.CONFLICT, "IndexAlreadyExists"),
  OLDER_INDEX_ALREADY_EXISTS(HttpResponseStatus.CONFLICT, "OlderIndexAlreadyExists"),
  NEWER_INDEX_ALREADY_EXISTS(HttpResponseStatus.CONFLICT, "NewerIndexAlreadyExists"),
  BODY_TOO_BIG(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "BodyTooBig"),
  UNSUPPORTED_MEDIA_TYPE(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType"),
  INTERNAL_ERROR(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError"),
  INDEX_CLOSED(HttpResponseStatus.INTERNAL_SERVER_ERROR, "IndexClosed"),
  NOT_IMPLEMENTED(HttpResponseStatus.NOT_IMPLEMENTED, "NotImplemented"),
  INDEX_NOT_READY(HttpResponseStatus.SERVICE_UNAVAILABLE, "IndexNotReady"),
  REPLICATION_TIMEOUT(HttpResponseStatus.SERVICE_UNAVAILABLE, "ReplicationTimeout"),
  COORDINATOR_ERROR(HttpResponseStatus.SERVICE_UNAVAILABLE, "CoordinatorError"),
  SEARCH_TIMEOUT(HttpResponseStatus.SERVICE_UNAVAILABLE, "SearchTimeout");

  private final HttpResponseStatus status;
  private final String wireName;

  ApiError(HttpResponseStatus status, String wireName) {
    this.status = status;
    this.wireName = wireName;
  }

  public HttpResponseStatus status() {
    return status;
  }

  /** The name sent in error bodies, e.g. {@code IndexNotFound}. */
  public String wireName() {
    return wireName;
  }
}
