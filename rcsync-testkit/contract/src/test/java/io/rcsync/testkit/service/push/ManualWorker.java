package io.rcsync.testkit.service.push;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** A single "thread" the test runs by hand: tasks queue until {@link #runAll()}; termination runs what is queued. */
final class ManualWorker extends AbstractExecutorService {
  private final Deque<Runnable> queue = new ArrayDeque<>();
  private boolean shutdown;
  private int ran;

  @Override
  public synchronized void execute(Runnable command) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    queue.add(command);
  }

  /** Runs queued tasks, including ones they queue, until none is left; returns how many ran. */
  int runAll() {
    int n = 0;
    while (true) {
      Runnable r;
      synchronized (this) {
        r = queue.poll();
      }
      if (r == null) {
        return n;
      }
      r.run();
      n++;
      synchronized (this) {
        ran++;
      }
    }
  }

  synchronized int queued() {
    return queue.size();
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue);
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    runAll();
    return true;
  }
}
