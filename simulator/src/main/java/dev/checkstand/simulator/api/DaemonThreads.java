package dev.checkstand.simulator.api;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads, so a forgotten simulator never keeps a JVM alive. */
public final class DaemonThreads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  private DaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  /** Threads named {@code <prefix>-1}, {@code <prefix>-2}, ... */
  public static DaemonThreads named(String prefix) {
    return new DaemonThreads(prefix);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
