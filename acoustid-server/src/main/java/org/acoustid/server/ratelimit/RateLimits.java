package org.acoustid.server.ratelimit;

import java.util.Map;

/**
 * Requests per second allowed per bucket (specification §12.2): per application (default 10, or a
 * configured override, which also exempts that application from the per-IP limit), in total
 * (default 100) and per client IP (default 4, or an override per address).
 */
public record RateLimits(
    double application,
    double global,
    double ip,
    Map<Integer, Double> applicationOverrides,
    Map<String, Double> ipOverrides) {
  public static final RateLimits DEFAULT = new RateLimits(10, 100, 4, Map.of(), Map.of());

  public RateLimits {
    applicationOverrides = Map.copyOf(applicationOverrides);
    ipOverrides = Map.copyOf(ipOverrides);
  }
}
