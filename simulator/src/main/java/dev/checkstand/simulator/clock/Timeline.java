package dev.checkstand.simulator.clock;

import dev.checkstand.simulator.api.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Work due at a simulated instant (expiry, settlement), run when the simulated clock reaches it. */
public final class Timeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Timeline.class);
  private static final int MAX_TASKS = 100_000;

  private final SimClock clock;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Object runner = new Object();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stripe-sim-clock"));

  /** A timeline read against {@code clock}, checked every {@code tick} for work that real time made due. */
  public Timeline(SimClock clock, Duration tick) {
    this.clock = clock;
    ticker.scheduleWithFixedDelay(this::runDue, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The simulated clock this timeline runs against. */
  public SimClock clock() {
    return clock;
  }

  /** Runs {@code action} once the simulated time is at or after {@code due}; the action checks its own preconditions. */
  public void at(Instant due, Runnable action) {
    at(due, action, () -> true);
  }

  /** Like {@link #at(Instant, Runnable)}; beyond 100,000 pending tasks, those whose {@code needed} is false (their object was forgotten) are dropped. */
  public void at(Instant due, Runnable action, BooleanSupplier needed) {
    synchronized (tasks) {
      tasks.add(new Task(due, sequence.incrementAndGet(), action, needed));
      if (tasks.size() > MAX_TASKS) {
        tasks.removeIf(task -> !task.needed.getAsBoolean());
      }
    }
  }

  /** How many tasks are pending. */
  public int pending() {
    synchronized (tasks) {
      return tasks.size();
    }
  }

  /** Runs every task that is due, in due order; one runner at a time, so a caller returns only when all due work is done. */
  public void runDue() {
    synchronized (runner) {
      Task task;
      while ((task = nextDue()) != null) {
        try {
          task.action.run();
        } catch (RuntimeException e) {
          log.warn("Simulated-time task due at {} failed", task.due, e);
        }
      }
    }
  }

  /** Forgets every pending task. */
  public void reset() {
    synchronized (tasks) {
      tasks.clear();
    }
  }

  /** Stops checking for due work. */
  @Override
  public void close() {
    ticker.shutdownNow();
  }

  private Task nextDue() {
    Instant now = clock.instant();
    synchronized (tasks) {
      Task head = tasks.peek();
      return head != null && !head.due.isAfter(now) ? tasks.poll() : null;
    }
  }

  private record Task(Instant due, long sequence, Runnable action, BooleanSupplier needed)
      implements Comparable<Task> {

    @Override
    public int compareTo(Task other) {
      int byDue = due.compareTo(other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}
