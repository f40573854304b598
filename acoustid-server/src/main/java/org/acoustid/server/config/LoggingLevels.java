package org.acoustid.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Per-logger levels from the environment (specification §15): {@code
 * ACOUSTID_LOGGING_LEVEL_<LOGGER>=LEVEL}, the logger name upper- or lower-case with dots written as
 * {@code __} (e.g. {@code ACOUSTID_LOGGING_LEVEL_ORG__ACOUSTID__SERVER__IMPORTER=DEBUG}). The root
 * level is {@code ACOUSTID_LOGGING_LEVEL} (read by logback.xml).
 */
public final class LoggingLevels {
  static final String PREFIX = "ACOUSTID_LOGGING_LEVEL_";

  private LoggingLevels() {}

  /** Applies the variables of {@code env}; returns how many loggers it set. */
  public static int apply(Map<String, String> env) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return 0;
    }
    int set = 0;
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!e.getKey().startsWith(PREFIX) || e.getKey().length() == PREFIX.length()) {
        continue;
      }
      String logger =
          e.getKey().substring(PREFIX.length()).replace("__", ".").toLowerCase(Locale.ROOT);
      Level level = Level.toLevel(e.getValue().strip(), null);
      if (level == null) {
        throw new IllegalArgumentException(
            e.getKey() + " must be TRACE, DEBUG, INFO, WARN, ERROR or OFF, got " + e.getValue());
      }
      context.getLogger(logger).setLevel(level);
      set++;
    }
    return set;
  }
}
