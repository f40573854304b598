package org.acoustid.fpindex.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's requests one at a time, in arrival order, on the worker executor. A single
 * read can deliver several pipelined requests (or legacy lines) at once; running them concurrently
 * would reorder replies and writes. Once {@value #MAX_QUEUED} requests are queued the channel stops
 * reading, so a client cannot pile up unbounded work; reading resumes when the queue drains.
 *
 * <p>Thread-safe; one instance per channel, found through {@link #of(Channel, Executor)}.
 */
public final class ConnectionQueue implements Executor {
  private static final Logger log = LoggerFactory.getLogger(ConnectionQueue.class);

  /**
   * Queued requests at which the channel stops reading until the queue drains. A client that waits
   * for each answer never gets there, so the common case costs no read toggling (two cross-thread
   * event-loop tasks per request); a pipelining client is held to this many.
   */
  static final int MAX_QUEUED = 16;

  private static final AttributeKey<ConnectionQueue> KEY =
      AttributeKey.valueOf(ConnectionQueue.class, "queue");

  private final Channel channel;
  private final Executor workers;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  // guarded by this
  private boolean running;
  private boolean paused;

  private ConnectionQueue(Channel channel, Executor workers) {
    this.channel = channel;
    this.workers = workers;
  }

  /** The queue of {@code channel}, created on first use. */
  public static ConnectionQueue of(Channel channel, Executor workers) {
    ConnectionQueue queue = channel.attr(KEY).get();
    if (queue == null) {
      queue = new ConnectionQueue(channel, workers);
      ConnectionQueue raced = channel.attr(KEY).setIfAbsent(queue);
      if (raced != null) {
        queue = raced;
      }
    }
    return queue;
  }

  /**
   * Queues {@code task}; throws {@link java.util.concurrent.RejectedExecutionException} on
   * shutdown.
   */
  @Override
  public void execute(Runnable task) {
    boolean start;
    boolean pause;
    synchronized (this) {
      tasks.add(task);
      start = running == false;
      running = true;
      pause = tasks.size() >= MAX_QUEUED && paused == false;
      paused |= pause;
    }
    if (pause) {
      channel.config().setAutoRead(false);
    }
    if (start) {
      try {
        workers.execute(this::drain);
      } catch (RuntimeException e) {
        synchronized (this) {
          tasks.clear();
          running = false;
        }
        throw e;
      }
    }
  }

  private void drain() {
    while (true) {
      Runnable task;
      boolean resume = false;
      synchronized (this) {
        task = tasks.poll();
        if (task == null) {
          running = false;
          resume = paused;
          paused = false;
        }
      }
      if (task == null) {
        if (resume) {
          channel.config().setAutoRead(true);
        }
        return;
      }
      try {
        task.run();
      } catch (Throwable t) {
        log.error("connection task failed", t);
      }
    }
  }
}
