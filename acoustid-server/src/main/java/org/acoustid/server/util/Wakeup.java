package org.acoustid.server.util;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a polling loop sleep until its next poll or until someone signals new work, whichever comes
 * first. A signal sent while the loop is busy is kept, so it is never lost.
 */
public final class Wakeup {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signalled = lock.newCondition();
  private boolean pending;

  public void signal() {
    lock.lock();
    try {
      pending = true;
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code millis} unless a signal is pending; clears the signal. */
  public void await(long millis) throws InterruptedException {
    lock.lock();
    try {
      if (!pending) {
        signalled.await(millis, TimeUnit.MILLISECONDS);
      }
      pending = false;
    } finally {
      lock.unlock();
    }
  }
}
