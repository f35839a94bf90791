package dev.checkstand.simulator.printful;

import dev.checkstand.simulator.FaultSwitches;
import dev.checkstand.simulator.webhooks.DeliveryFaults;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ways Printful misbehaves, switchable at any time from any thread, with the same names as the Stripe simulator's
 * {@link dev.checkstand.simulator.Faults}; every fault is off by default, and Printful's own limit of 120 calls per
 * minute per token is on. Counts what was injected.
 */
public final class PrintfulFaults extends FaultSwitches<PrintfulFaults> {

  /** Printful's general rate limit, in calls per minute per token. */
  public static final int PRINTFUL_RATE_LIMIT = 120;

  /** Counter names of {@link #injected()}. */
  public static final String API_ERRORS = "apiErrors";
  public static final String ANSWERS_LOST = "answersLost";
  public static final String RATE_LIMITED = "rateLimited";
  public static final String COSTS_CALCULATING = "costsCalculating";
  public static final String WEBHOOKS_DROPPED = "webhooksDropped";
  public static final String WEBHOOKS_DUPLICATED = "webhooksDuplicated";
  public static final String WEBHOOKS_REORDERED = "webhooksReordered";
  public static final String WEBHOOKS_DELAYED = "webhooksDelayed";

  private final AtomicInteger costsCalculatingConfirms = new AtomicInteger();
  private volatile Duration costsCalculatingFor = Duration.ZERO;
  private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();

  /** Every fault off, the rate limit at Printful's 120 calls per minute. */
  public PrintfulFaults() {
    super(PRINTFUL_RATE_LIMIT);
  }

  @Override
  protected PrintfulFaults self() {
    return this;
  }

  /** Refuses the next {@code confirmCalls} confirmations (confirm calls, and creates or updates with {@code confirm=true}) with Printful's "costs still being calculated" 400. */
  public PrintfulFaults costsCalculating(int confirmCalls) {
    if (confirmCalls < 0) {
      throw new IllegalArgumentException("costsCalculating must not be negative, was " + confirmCalls);
    }
    costsCalculatingConfirms.set(confirmCalls);
    return this;
  }

  /** Refuses confirming an order until {@code d} of simulated time has passed since it was created or last updated. */
  public PrintfulFaults costsCalculatingFor(Duration d) {
    this.costsCalculatingFor = nonNegative(d, "costsCalculatingFor");
    return this;
  }

  /** Turns every fault off, puts the rate limit back to 120 calls per minute and forgets the counts. */
  @Override
  public PrintfulFaults reset() {
    super.reset();
    costsCalculatingConfirms.set(0);
    costsCalculatingFor = Duration.ZERO;
    injected.clear();
    return this;
  }

  /** Confirmations still to be refused by {@link #costsCalculating(int)}. */
  public int costsCalculating() {
    return costsCalculatingConfirms.get();
  }

  public Duration costsCalculatingFor() {
    return costsCalculatingFor;
  }

  /** What was injected so far, by counter ({@link #API_ERRORS}, {@link #RATE_LIMITED}, ...); zero counters included. */
  public Map<String, Long> injected() {
    Map<String, Long> counts = new TreeMap<>();
    for (String name : new String[] {API_ERRORS, ANSWERS_LOST, RATE_LIMITED, COSTS_CALCULATING,
        WEBHOOKS_DROPPED, WEBHOOKS_DUPLICATED, WEBHOOKS_REORDERED, WEBHOOKS_DELAYED}) {
      LongAdder count = injected.get(name);
      counts.put(name, count == null ? 0L : count.sum());
    }
    return counts;
  }

  /** Forgets the counts of what was injected; the switches stay. */
  public PrintfulFaults resetCounts() {
    injected.clear();
    return this;
  }

  /** How many times {@code counter} was injected. */
  public long injected(String counter) {
    return injected().getOrDefault(counter, 0L);
  }

  void count(String counter) {
    injected.computeIfAbsent(counter, name -> new LongAdder()).increment();
  }

  /** The status of an error to answer instead of handling this call, or 0. */
  int injectedError() {
    if (chance(apiErrorRate())) {
      count(API_ERRORS);
      return apiErrorStatus();
    }
    return 0;
  }

  boolean loseAnswer(String method) {
    if ((method.equals("POST") || method.equals("DELETE")) && chance(answerLostRate())) {
      count(ANSWERS_LOST);
      return true;
    }
    return false;
  }

  /** Whether this confirmation of an order last changed {@code sinceChange} ago is refused as costs still calculating; consumes a counted one. */
  boolean costsStillCalculating(Duration sinceChange) {
    boolean refused = sinceChange.compareTo(costsCalculatingFor) < 0
        || costsCalculatingConfirms.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    if (refused) {
      count(COSTS_CALCULATING);
    }
    return refused;
  }

  /** The webhook delivery decisions, counted. */
  DeliveryFaults delivery() {
    return new DeliveryFaults() {
      @Override
      public boolean drop() {
        boolean drop = chance(webhookDropRate());
        if (drop) {
          count(WEBHOOKS_DROPPED);
        }
        return drop;
      }

      @Override
      public boolean duplicate() {
        boolean duplicate = chance(webhookDuplicateRate());
        if (duplicate) {
          count(WEBHOOKS_DUPLICATED);
        }
        return duplicate;
      }

      @Override
      public boolean reorder() {
        boolean reorder = webhookReorder();
        if (reorder) {
          count(WEBHOOKS_REORDERED);
        }
        return reorder;
      }

      @Override
      public Duration delay() {
        Duration max = webhookDelay();
        if (max.isZero()) {
          return Duration.ZERO;
        }
        count(WEBHOOKS_DELAYED);
        return upTo(max);
      }
    };
  }
}
