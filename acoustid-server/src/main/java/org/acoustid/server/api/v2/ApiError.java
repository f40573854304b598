package org.acoustid.server.api.v2;

import java.util.Locale;

/**
 * An API error with its exact upstream message (§2.5). {@code name} is the parameter name including
 * its batch suffix ({@code duration.1}).
 */
public record ApiError(ApiErrorCode code, String message) {

  public static ApiError unknownFormat(String format) {
    return new ApiError(ApiErrorCode.UNKNOWN_FORMAT, "unknown format \"" + format + "\"");
  }

  public static ApiError missingParameter(String name) {
    return new ApiError(
        ApiErrorCode.MISSING_PARAMETER, "missing required parameter \"" + name + "\"");
  }

  public static ApiError invalidFingerprint() {
    return new ApiError(ApiErrorCode.INVALID_FINGERPRINT, "invalid fingerprint");
  }

  public static ApiError invalidApiKey() {
    return new ApiError(ApiErrorCode.INVALID_APIKEY, "invalid API key");
  }

  public static ApiError internal() {
    return new ApiError(ApiErrorCode.INTERNAL, "internal error");
  }

  public static ApiError invalidUserApiKey() {
    return new ApiError(
        ApiErrorCode.INVALID_USER_APIKEY,
        "invalid user API key (\"User with the API key does not exist\")");
  }

  public static ApiError invalidUuid(String name) {
    return new ApiError(
        ApiErrorCode.INVALID_UUID, "parameter \"" + name + "\" is not a valid UUID");
  }

  public static ApiError invalidDuration(String name) {
    return new ApiError(
        ApiErrorCode.INVALID_DURATION, "parameter \"" + name + "\" must be a positive integer");
  }

  public static ApiError invalidBitrate(String name) {
    return new ApiError(
        ApiErrorCode.INVALID_BITRATE, "parameter \"" + name + "\" must be a positive integer");
  }

  public static ApiError invalidForeignId(String name) {
    return new ApiError(
        ApiErrorCode.INVALID_FOREIGNID,
        "parameter \"" + name + "\" is not a valid foreign ID, it must be in the format vendor:id");
  }

  public static ApiError invalidMaxDurationDiff(String name) {
    return new ApiError(
        ApiErrorCode.INVALID_MAX_DURATION_DIFF,
        "parameter \"" + name + "\" must be between 1 and 30");
  }

  public static ApiError notAllowed() {
    return new ApiError(ApiErrorCode.NOT_ALLOWED, "not allowed");
  }

  public static ApiError serviceUnavailable() {
    return new ApiError(
        ApiErrorCode.SERVICE_UNAVAILABLE, "service currently unavailable, try again later");
  }

  public static ApiError tooManyRequests(double requestsPerSecond) {
    return new ApiError(
        ApiErrorCode.TOO_MANY_REQUESTS,
        String.format(
            Locale.ROOT,
            "rate limit (%.6f requests per second) exceeded, try again later",
            requestsPerSecond));
  }

  public static ApiError invalidMusicBrainzAccessToken() {
    return new ApiError(
        ApiErrorCode.INVALID_MUSICBRAINZ_ACCESS_TOKEN, "invalid MusicBrainz access token");
  }

  public static ApiError insecureRequest() {
    return new ApiError(ApiErrorCode.INSECURE_REQUEST, "only requests over HTTPS are allowed here");
  }

  public static ApiError unknownApplication() {
    return new ApiError(ApiErrorCode.UNKNOWN_APPLICATION, "unknown application");
  }

  public static ApiError fingerprintNotFound() {
    return new ApiError(ApiErrorCode.FINGERPRINT_NOT_FOUND, "fingerprint not found");
  }

  public static ApiError requestTooLarge() {
    return new ApiError(ApiErrorCode.REQUEST_TOO_LARGE, "request too large");
  }
}
