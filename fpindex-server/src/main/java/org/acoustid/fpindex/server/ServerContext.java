package org.acoustid.fpindex.server;

import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.IndexRegistry;

/**
 * What handlers share: the index registry and the metrics. Owned by {@link FpIndexServer}, which
 * closes the registry after the listeners stopped.
 */
public record ServerContext(IndexRegistry registry, ServerMetrics metrics) {

  /** The named index; unknown (or invalid) names are {@code IndexNotFound}. */
  public FpIndex requireIndex(String name) {
    return registry
        .get(name)
        .orElseThrow(() -> new ApiException(ApiError.INDEX_NOT_FOUND, "no index named " + name));
  }
}
