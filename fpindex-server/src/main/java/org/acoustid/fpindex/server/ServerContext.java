package org.acoustid.fpindex.server;

import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.server.cluster.Replica;

/**
 * What handlers share: the index registry, the metrics, and in replica mode the {@link Replica}
 * that writes go through (null when standalone). Owned by {@link FpIndexServer}, which closes the
 * registry after the listeners stopped.
 */
public record ServerContext(IndexRegistry registry, ServerMetrics metrics, Replica replica) {

  /** A standalone node's context. */
  public ServerContext(IndexRegistry registry, ServerMetrics metrics) {
    this(registry, metrics, null);
  }

  public boolean replicated() {
    return replica != null;
  }

  /** The named index, which must also be ready to search (not filling from a peer). */
  public FpIndex requireSearchable(String name) {
    FpIndex index = requireIndex(name);
    if (replica != null && replica.loading(name)) {
      throw new ApiException(ApiError.INDEX_NOT_READY, "index " + name + " is loading");
    }
    return index;
  }

  /** The named index; unknown (or invalid) names are {@code IndexNotFound}. */
  public FpIndex requireIndex(String name) {
    return registry
        .get(name)
        .orElseThrow(() -> new ApiException(ApiError.INDEX_NOT_FOUND, "no index named " + name));
  }
}
