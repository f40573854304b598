package org.acoustid.server.api.v2;

import java.util.List;

/**
 * Receives the outcome of a lookup request for the usage counters (specification §12.3): the
 * application and, per counted entry, whether it found anything.
 */
@FunctionalInterface
public interface LookupCounting {
  LookupCounting NONE = (applicationId, hits) -> {};

  void counted(int applicationId, List<Boolean> hits);
}
