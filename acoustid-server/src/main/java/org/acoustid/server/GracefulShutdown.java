package org.acoustid.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.acoustid.server.web.ShutdownMarker;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as specification §14.3 says: the first creates the shutdown marker (health
 * answers 503 so balancers drain this node), waits {@code [website] shutdown_delay}, then exits; a
 * second signal exits at once. Exiting runs the shutdown hooks, which stop the service; the marker
 * is removed at start and at exit.
 */
final class GracefulShutdown {
  private GracefulShutdown() {}

  static void install(ShutdownMarker marker, Duration delay) throws IOException {
    marker.remove(); // a marker left by a killed process would keep health at 503
    Runtime.getRuntime().addShutdownHook(new Thread(() -> removeQuietly(marker)));
    AtomicBoolean signalled = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (signalled.getAndSet(true)) {
              System.exit(0); // the second signal: stop now
            }
            try {
              marker.create();
            } catch (IOException e) {
              System.err.println("acoustid: cannot create " + marker.file() + ": " + e);
            }
            System.err.println(
                "acoustid: SIG"
                    + name
                    + ", health answers 503; stopping in "
                    + delay.toSeconds()
                    + " s");
            Thread.ofPlatform()
                .daemon()
                .name("graceful-shutdown")
                .start(() -> {
                  try {
                    Thread.sleep(delay);
                  } catch (InterruptedException e) {
                    // stop now
                  }
                  System.exit(0);
                });
          });
    }
  }

  private static void removeQuietly(ShutdownMarker marker) {
    try {
      marker.remove();
    } catch (IOException e) {
      System.err.println("acoustid: cannot remove " + marker.file() + ": " + e);
    }
  }
}
