package org.acoustid.fpindex.server;

import org.acoustid.fpindex.IndexAlreadyExistsException;
import org.acoustid.fpindex.IndexClosedException;
import org.acoustid.fpindex.IndexNotFoundException;
import org.acoustid.fpindex.InvalidIndexNameException;
import org.acoustid.fpindex.NewerIndexAlreadyExistsException;
import org.acoustid.fpindex.OlderIndexAlreadyExistsException;
import org.acoustid.fpindex.SearchTimeoutException;
import org.acoustid.fpindex.VersionMismatchException;
import org.acoustid.fpindex.server.cluster.ChangelogException;
import org.acoustid.fpindex.server.cluster.FeedReadOnlyException;
import org.acoustid.fpindex.server.cluster.ReplicationTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become API errors. Expected outcomes (not found, conflicts, bad
 * input) are not logged; anything unexpected is logged once here with its stack trace and answers
 * 500 with an internal error name, never the exception text.
 */
public final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  public static ApiError map(Throwable failure, String requestLine) {
    return switch (failure) {
      case ApiException e -> e.error();
      case InvalidIndexNameException e -> ApiError.INVALID_INDEX_NAME;
      case IndexNotFoundException e -> ApiError.INDEX_NOT_FOUND;
      case OlderIndexAlreadyExistsException e -> ApiError.OLDER_INDEX_ALREADY_EXISTS;
      case NewerIndexAlreadyExistsException e -> ApiError.NEWER_INDEX_ALREADY_EXISTS;
      case IndexAlreadyExistsException e -> ApiError.INDEX_ALREADY_EXISTS;
      case VersionMismatchException e -> ApiError.VERSION_MISMATCH;
      case SearchTimeoutException e -> ApiError.SEARCH_TIMEOUT;
      case IllegalArgumentException e -> ApiError.BAD_REQUEST;
      case FeedReadOnlyException e -> ApiError.FEED_IS_READ_ONLY;
      case ReplicationTimeoutException e -> {
        log.warn("{}: {}", requestLine, e.getMessage());
        yield ApiError.REPLICATION_TIMEOUT;
      }
      case ChangelogException e -> {
        log.warn("{}: changelog failed: {}", requestLine, e.getMessage());
        yield ApiError.COORDINATOR_ERROR;
      }
      case IndexClosedException e -> {
        log.error("{}: index closed after an earlier failure", requestLine, e);
        yield ApiError.INDEX_CLOSED;
      }
      default -> {
        log.error("{}: unexpected failure", requestLine, failure);
        yield ApiError.INTERNAL_ERROR;
      }
    };
  }
}
