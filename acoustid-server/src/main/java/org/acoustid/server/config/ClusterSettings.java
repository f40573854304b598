package org.acoustid.server.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * This node's place in the cluster (specification §1, §3.4, {@code [cluster]}): its role, {@code
 * master} (the default) or anything else for a replica, and the shared secret of the internal API
 * and the rate-limit bypass (null or empty: none, so no request can present it).
 *
 * <p>Only the master writes aggregated statistics through {@code /v2/internal/update_*_stats} and
 * answers {@code /_health} with 200; a replica refuses those calls with error 12 and reports itself
 * unhealthy there ({@code /_health_ro} stays 200).
 */
public record ClusterSettings(String role, String secret) {
  public static final String MASTER = "master";

  /** A master without a secret: the all-in-one default. */
  public static final ClusterSettings DEFAULT = new ClusterSettings(MASTER, null);

  public ClusterSettings {
    role = role == null || role.isBlank() ? MASTER : role.strip();
  }

  public boolean isMaster() {
    return MASTER.equals(role);
  }

  /**
   * True when {@code given} equals the configured, non-empty secret (constant-time comparison of
   * the UTF-8 bytes, §3.4).
   */
  public boolean acceptsSecret(String given) {
    return secret != null
        && !secret.isEmpty()
        && given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() { // never log the secret
    return "ClusterSettings[role=" + role + ", secret=" + (secret == null ? "none" : "***") + "]";
  }
}
