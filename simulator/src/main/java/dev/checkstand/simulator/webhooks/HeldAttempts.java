package dev.checkstand.simulator.webhooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * First webhook attempts held for the reorder fault: the batch is sent after a short window, one by one, shuffled
 * (never in the recorded order when several are held). Shared by the Stripe and Printful webhook senders.
 */
public final class HeldAttempts {

  /** How long the first held attempt waits for others before the batch is sent. */
  public static final Duration WINDOW = Duration.ofMillis(200);

  /** Runs a task after a real-time delay. */
  @FunctionalInterface
  public interface Scheduler {
    void schedule(Supplier<CompletableFuture<Void>> task, Duration delay);
  }

  private final Scheduler scheduler;
  private final List<Supplier<CompletableFuture<Void>>> held = new ArrayList<>();

  /** Sends held batches through {@code scheduler}. */
  public HeldAttempts(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Holds a first attempt; the batch is sent after {@link #WINDOW}, one by one, shuffled. */
  public void hold(Supplier<CompletableFuture<Void>> send) {
    synchronized (held) {
      held.add(send);
      if (held.size() == 1) {
        scheduler.schedule(() -> {
          sendHeld();
          return CompletableFuture.completedFuture(null);
        }, WINDOW);
      }
    }
  }

  /** Drops the attempts held so far. */
  public void clear() {
    synchronized (held) {
      held.clear();
    }
  }

  private void sendHeld() {
    List<Supplier<CompletableFuture<Void>>> batch;
    synchronized (held) {
      batch = new ArrayList<>(held);
      held.clear();
    }
    List<Supplier<CompletableFuture<Void>>> recorded = List.copyOf(batch);
    Collections.shuffle(batch, ThreadLocalRandom.current());
    if (batch.size() > 1 && batch.equals(recorded)) {
      Collections.rotate(batch, 1);
    }
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (Supplier<CompletableFuture<Void>> send : batch) {
      chain = chain.handle((ignored, failure) -> null).thenCompose(ignored -> send.get());
    }
  }
}
