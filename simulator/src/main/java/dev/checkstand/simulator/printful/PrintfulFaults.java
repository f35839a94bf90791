package dev.checkstand.simulator.printful;

import dev.checkstand.simulator.FaultSwitches;
import dev.checkstand.simulator.webhooks.DeliveryFaults;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ways Printful misbehaves, switchable at any time from any thread, with the same names as the Stripe simulator's
 * {@link dev.checkstand.simulator.Faults}; every fault is off by default, and Printful's own limit of 120 calls per
 * minute per token is on. Counts what was injected.
 */
public final class PrintfulFaults extends FaultSwitches<PrintfulFaults> {

  /** Printful's general rate limit, in calls per minute per token. */
  public static final int PRINTFUL_RATE_LIMIT = 120;

  /** Counter name of {@link #injected()}: confirmations refused as costs still calculating. */
  public static final String COSTS_CALCULATING = "costsCalculating";

  private final AtomicInteger costsCalculatingConfirms = new AtomicInteger();
  private volatile Duration costsCalculatingFor = Duration.ZERO;

  /** Every fault off, the rate limit at Printful's 120 calls per minute. */
  public PrintfulFaults() {
    super(PRINTFUL_RATE_LIMIT, COSTS_CALCULATING);
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
    return this;
  }

  /** Confirmations still to be refused by {@link #costsCalculating(int)}. */
  public int costsCalculating() {
    return costsCalculatingConfirms.get();
  }

  public Duration costsCalculatingFor() {
    return costsCalculatingFor;
  }

  void count(String counter) {
    countInjected(counter);
  }

  /** The status of an error to answer instead of handling this call, or 0. */
  int injectedError() {
    return decideApiError();
  }

  boolean loseAnswer(String method) {
    return decideAnswerLost(method);
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
    return countedDelivery();
  }
}
