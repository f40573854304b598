package org.acoustid.server;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the process closes when it stops, in the reverse order of registration, from one shutdown
 * hook. The JVM runs separate hooks at the same time, which stopped the embedded PostgreSQL while
 * the service still used it (every pooled connection failing, loops waiting out their timeouts).
 */
final class ShutdownSequence {
  private static final Deque<AutoCloseable> steps = new ArrayDeque<>();
  private static boolean hooked;

  private ShutdownSequence() {}

  /**
   * Closes {@code step} at exit, before everything registered earlier; registering it again keeps
   * its first place.
   */
  static synchronized void add(AutoCloseable step) {
    for (AutoCloseable s : steps) {
      if (s == step) {
        return;
      }
    }
    steps.push(step);
    if (hooked == false) {
      hooked = true;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ShutdownSequence::closeAll, "acoustid-shutdown"));
    }
  }

  private static void closeAll() {
    while (true) {
      AutoCloseable step;
      synchronized (ShutdownSequence.class) {
        step = steps.poll();
      }
      if (step == null) {
        return;
      }
      AcoustIdCommand.closeQuietly(step);
    }
  }
}
