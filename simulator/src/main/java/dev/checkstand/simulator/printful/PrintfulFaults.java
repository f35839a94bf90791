package dev.checkstand.simulator.printful;

import dev.checkstand.simulator.webhooks.DeliveryFaults;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ways Printful misbehaves, switchable at any time from any thread, with the same names as the Stripe simulator's
 * {@link dev.checkstand.simulator.Faults}; every fault is off by default, and Printful's own limit of 120 calls per
 * minute per token is on. Counts what was injected.
 */
public final class PrintfulFaults {

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

  private volatile double webhookDropRate;
  private volatile double webhookDuplicateRate;
  private volatile boolean webhookReorder;
  private volatile Duration webhookDelay = Duration.ZERO;
  private volatile double apiErrorRate;
  private volatile int apiErrorStatus = 500;
  private volatile double answerLostRate;
  private volatile Duration latency = Duration.ZERO;
  private volatile int rateLimit = PRINTFUL_RATE_LIMIT;
  private final AtomicInteger costsCalculatingConfirms = new AtomicInteger();
  private volatile Duration costsCalculatingFor = Duration.ZERO;
  private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();

  /** Drops a webhook attempt: never sent, recorded as {@code dropped}, retried on Printful's schedule. */
  public PrintfulFaults webhookDropRate(double p) {
    this.webhookDropRate = probability(p, "webhookDropRate");
    return this;
  }

  /** Sends a webhook a second time, as an independent delivery. */
  public PrintfulFaults webhookDuplicateRate(double p) {
    this.webhookDuplicateRate = probability(p, "webhookDuplicateRate");
    return this;
  }

  /** Holds first attempts for 200 ms and sends them one by one, shuffled (never in order when several are held). */
  public PrintfulFaults webhookReorder(boolean on) {
    this.webhookReorder = on;
    return this;
  }

  /** Waits a random real time up to {@code max} before each webhook attempt. */
  public PrintfulFaults webhookDelay(Duration max) {
    this.webhookDelay = nonNegative(max, "webhookDelay");
    return this;
  }

  /** Answers API calls with a Printful 500 (or {@link #apiErrorStatus}) before anything is applied. */
  public PrintfulFaults apiErrorRate(double p) {
    this.apiErrorRate = probability(p, "apiErrorRate");
    return this;
  }

  /** The status of injected API errors: 500 (default) or 503. */
  public PrintfulFaults apiErrorStatus(int status) {
    if (status != 500 && status != 503) {
      throw new IllegalArgumentException("apiErrorStatus must be 500 or 503, was " + status);
    }
    this.apiErrorStatus = status;
    return this;
  }

  /** Applies a POST or DELETE, then closes its connection without an answer. */
  public PrintfulFaults answerLostRate(double p) {
    this.answerLostRate = probability(p, "answerLostRate");
    return this;
  }

  /** Adds {@code d} before every API call is handled. */
  public PrintfulFaults latency(Duration d) {
    this.latency = nonNegative(d, "latency");
    return this;
  }

  /** Calls per minute per token above which calls get 429 with {@code Retry-After} (default 120, Printful's); 0 turns it off. */
  public PrintfulFaults rateLimit(int callsPerMinute) {
    if (callsPerMinute < 0) {
      throw new IllegalArgumentException("rateLimit must not be negative, was " + callsPerMinute);
    }
    this.rateLimit = callsPerMinute;
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
  public PrintfulFaults reset() {
    webhookDropRate = 0;
    webhookDuplicateRate = 0;
    webhookReorder = false;
    webhookDelay = Duration.ZERO;
    apiErrorRate = 0;
    apiErrorStatus = 500;
    answerLostRate = 0;
    latency = Duration.ZERO;
    rateLimit = PRINTFUL_RATE_LIMIT;
    costsCalculatingConfirms.set(0);
    costsCalculatingFor = Duration.ZERO;
    injected.clear();
    return this;
  }

  public double webhookDropRate() {
    return webhookDropRate;
  }

  public double webhookDuplicateRate() {
    return webhookDuplicateRate;
  }

  public boolean webhookReorder() {
    return webhookReorder;
  }

  public Duration webhookDelay() {
    return webhookDelay;
  }

  public double apiErrorRate() {
    return apiErrorRate;
  }

  public int apiErrorStatus() {
    return apiErrorStatus;
  }

  public double answerLostRate() {
    return answerLostRate;
  }

  public Duration latency() {
    return latency;
  }

  public int rateLimit() {
    return rateLimit;
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
    if (chance(apiErrorRate)) {
      count(API_ERRORS);
      return apiErrorStatus;
    }
    return 0;
  }

  boolean loseAnswer(String method) {
    if ((method.equals("POST") || method.equals("DELETE")) && chance(answerLostRate)) {
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
        boolean drop = chance(webhookDropRate);
        if (drop) {
          count(WEBHOOKS_DROPPED);
        }
        return drop;
      }

      @Override
      public boolean duplicate() {
        boolean duplicate = chance(webhookDuplicateRate);
        if (duplicate) {
          count(WEBHOOKS_DUPLICATED);
        }
        return duplicate;
      }

      @Override
      public boolean reorder() {
        boolean reorder = webhookReorder;
        if (reorder) {
          count(WEBHOOKS_REORDERED);
        }
        return reorder;
      }

      @Override
      public Duration delay() {
        Duration max = webhookDelay;
        if (max.isZero()) {
          return Duration.ZERO;
        }
        count(WEBHOOKS_DELAYED);
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(max.toNanos() + 1));
      }
    };
  }

  private static boolean chance(double p) {
    return p > 0 && (p >= 1 || ThreadLocalRandom.current().nextDouble() < p);
  }

  private static double probability(double p, String name) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, was " + p);
    }
    return p;
  }

  private static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return d;
  }
}
