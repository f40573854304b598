package org.acoustid.server.api.v2;

/**
 * The rate-limit check of one request (specification §2.6: after its parameters parsed, before its
 * handler runs), given the application id when the endpoint has one.
 */
@FunctionalInterface
public interface Throttle {
  Throttle NONE = applicationId -> {};

  /** Counts the request; throws error 14 when a bucket is exhausted. */
  void admit(Integer applicationId) throws ApiException;
}
