package dev.checkstand.simulator;

import dev.checkstand.simulator.webhooks.DeliveryFaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The fault switches the Stripe and Printful simulators share ({@link Faults}, {@code PrintfulFaults}), with the
 * same names; switchable at any time from any thread. The setters return the concrete switches, for chaining.
 * Counts the faults actually injected, by counter name ({@link #injected()}).
 *
 * @param <F> the concrete switches
 */
public abstract class FaultSwitches<F extends FaultSwitches<F>> {

  /** Counter names of {@link #injected()} that both simulators keep. */
  public static final String API_ERRORS = "apiErrors";
  public static final String ANSWERS_LOST = "answersLost";
  public static final String RATE_LIMITED = "rateLimited";
  public static final String WEBHOOKS_DROPPED = "webhooksDropped";
  public static final String WEBHOOKS_DUPLICATED = "webhooksDuplicated";
  public static final String WEBHOOKS_REORDERED = "webhooksReordered";
  public static final String WEBHOOKS_DELAYED = "webhooksDelayed";

  private static final List<String> SHARED_COUNTERS = List.of(API_ERRORS, ANSWERS_LOST, RATE_LIMITED,
      WEBHOOKS_DROPPED, WEBHOOKS_DUPLICATED, WEBHOOKS_REORDERED, WEBHOOKS_DELAYED);

  private final int defaultRateLimit;
  private final List<String> counters;
  private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();
  private volatile double webhookDropRate;
  private volatile double webhookDuplicateRate;
  private volatile boolean webhookReorder;
  private volatile Duration webhookDelay = Duration.ZERO;
  private volatile double apiErrorRate;
  private volatile int apiErrorStatus = 500;
  private volatile double answerLostRate;
  private volatile Duration latency = Duration.ZERO;
  private volatile int rateLimit;

  /** Switches all off, but the rate limit, which starts (and resets) at {@code defaultRateLimit}; counts the shared counters and {@code ownCounters}. */
  protected FaultSwitches(int defaultRateLimit, String... ownCounters) {
    this.defaultRateLimit = defaultRateLimit;
    this.rateLimit = defaultRateLimit;
    this.counters = concat(SHARED_COUNTERS, List.of(ownCounters));
  }

  /** These switches, as their concrete type. */
  protected abstract F self();

  /** Drops a webhook attempt entirely: never sent, recorded as a failed attempt, retried on the schedule. */
  public F webhookDropRate(double p) {
    this.webhookDropRate = probability(p, "webhookDropRate");
    return self();
  }

  /** Sends an event a second time (same event id), as an independent delivery. */
  public F webhookDuplicateRate(double p) {
    this.webhookDuplicateRate = probability(p, "webhookDuplicateRate");
    return self();
  }

  /** Holds first attempts briefly and sends them one by one in a shuffled order (never the recorded order when several are held). */
  public F webhookReorder(boolean on) {
    this.webhookReorder = on;
    return self();
  }

  /** Waits a random time up to {@code max} before each webhook attempt. */
  public F webhookDelay(Duration max) {
    this.webhookDelay = nonNegative(max, "webhookDelay");
    return self();
  }

  /** Answers API requests with an error (500, or {@link #apiErrorStatus(int)}) before anything is applied. */
  public F apiErrorRate(double p) {
    this.apiErrorRate = probability(p, "apiErrorRate");
    return self();
  }

  /** The status of injected API errors: 500 (default) or 503. */
  public F apiErrorStatus(int status) {
    if (status != 500 && status != 503) {
      throw new IllegalArgumentException("apiErrorStatus must be 500 or 503, was " + status);
    }
    this.apiErrorStatus = status;
    return self();
  }

  /** Applies a POST or DELETE, at random, then closes its connection without an answer. */
  public F answerLostRate(double p) {
    this.answerLostRate = probability(p, "answerLostRate");
    return self();
  }

  /** Adds {@code d} before every API request is handled. */
  public F latency(Duration d) {
    this.latency = nonNegative(d, "latency");
    return self();
  }

  /**
   * The request rate above which API requests get 429 (Stripe: requests per second, off by default; Printful: calls
   * per minute per token, 120 by default); 0 turns it off.
   */
  public F rateLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("rateLimit must not be negative, was " + limit);
    }
    this.rateLimit = limit;
    return self();
  }

  /** Turns every fault off (and puts the rate limit back to its default) and forgets the counts of what was injected. */
  public F reset() {
    injected.clear();
    webhookDropRate = 0;
    webhookDuplicateRate = 0;
    webhookReorder = false;
    webhookDelay = Duration.ZERO;
    apiErrorRate = 0;
    apiErrorStatus = 500;
    answerLostRate = 0;
    latency = Duration.ZERO;
    rateLimit = defaultRateLimit;
    return self();
  }

  /** The probability of dropping a webhook attempt. */
  public double webhookDropRate() {
    return webhookDropRate;
  }

  /** The probability of sending an event twice. */
  public double webhookDuplicateRate() {
    return webhookDuplicateRate;
  }

  /** Whether webhook deliveries are reordered. */
  public boolean webhookReorder() {
    return webhookReorder;
  }

  /** The longest random wait before a webhook attempt. */
  public Duration webhookDelay() {
    return webhookDelay;
  }

  /** The probability of an injected API error. */
  public double apiErrorRate() {
    return apiErrorRate;
  }

  /** The status of injected API errors. */
  public int apiErrorStatus() {
    return apiErrorStatus;
  }

  /** The probability of losing the answer to a POST or DELETE. */
  public double answerLostRate() {
    return answerLostRate;
  }

  /** The latency added to every API request. */
  public Duration latency() {
    return latency;
  }

  /** The rate limit; 0 when off. */
  public int rateLimit() {
    return rateLimit;
  }

  /** What was injected so far, by counter ({@link #API_ERRORS}, {@link #RATE_LIMITED}, ...); zero counters included. */
  public Map<String, Long> injected() {
    Map<String, Long> counts = new TreeMap<>();
    for (String name : counters) {
      LongAdder count = injected.get(name);
      counts.put(name, count == null ? 0L : count.sum());
    }
    return counts;
  }

  /** How many times {@code counter} was injected; 0 for a counter these switches do not keep. */
  public long injected(String counter) {
    LongAdder count = injected.get(counter);
    return count == null ? 0L : count.sum();
  }

  /** Forgets the counts of what was injected; the switches stay. */
  public F resetCounts() {
    injected.clear();
    return self();
  }

  /** Counts one injection of {@code counter}, one of the names given at construction. */
  protected final void countInjected(String counter) {
    if (!counters.contains(counter)) {
      throw new IllegalArgumentException("No fault counter " + counter);
    }
    injected.computeIfAbsent(counter, name -> new LongAdder()).increment();
  }

  /** The status of an API error to answer instead of handling a request, counted, or 0. */
  protected final int decideApiError() {
    if (chance(apiErrorRate)) {
      countInjected(API_ERRORS);
      return apiErrorStatus;
    }
    return 0;
  }

  /** Whether to lose the answer to a request of {@code method} at {@link #answerLostRate()}, counted; only POST and DELETE lose theirs. */
  protected final boolean decideAnswerLost(String method) {
    if ((method.equals("POST") || method.equals("DELETE")) && chance(answerLostRate)) {
      countInjected(ANSWERS_LOST);
      return true;
    }
    return false;
  }

  /** The webhook delivery decisions these switches make, each injected fault counted. */
  protected final DeliveryFaults countedDelivery() {
    return new CountedDelivery();
  }

  /** Makes the shared switches equal to {@code other}'s; the counts stay. */
  protected void copySwitchesFrom(FaultSwitches<?> other) {
    webhookDropRate = other.webhookDropRate;
    webhookDuplicateRate = other.webhookDuplicateRate;
    webhookReorder = other.webhookReorder;
    webhookDelay = other.webhookDelay;
    apiErrorRate = other.apiErrorRate;
    apiErrorStatus = other.apiErrorStatus;
    answerLostRate = other.answerLostRate;
    latency = other.latency;
    rateLimit = other.rateLimit;
  }

  /** True with probability {@code p}: never at 0, always at 1. */
  protected static boolean chance(double p) {
    return p > 0 && (p >= 1 || ThreadLocalRandom.current().nextDouble() < p);
  }

  /** A random wait between zero and {@code max}, both included. */
  protected static Duration upTo(Duration max) {
    if (max.isZero()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(max.toNanos() + 1));
  }

  /** {@code p}, checked to be a probability. */
  protected static double probability(double p, String name) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, was " + p);
    }
    return p;
  }

  /** {@code d}, checked to be present and not negative. */
  protected static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return d;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).distinct().toList();
  }

  /** The delivery decisions, taken afresh per attempt from the live switches. */
  private final class CountedDelivery implements DeliveryFaults {

    @Override
    public boolean drop() {
      return counted(chance(webhookDropRate), WEBHOOKS_DROPPED);
    }

    @Override
    public boolean duplicate() {
      return counted(chance(webhookDuplicateRate), WEBHOOKS_DUPLICATED);
    }

    @Override
    public boolean reorder() {
      return counted(webhookReorder, WEBHOOKS_REORDERED);
    }

    @Override
    public Duration delay() {
      Duration max = webhookDelay;
      if (max.isZero()) {
        return Duration.ZERO;
      }
      countInjected(WEBHOOKS_DELAYED);
      return upTo(max);
    }

    private boolean counted(boolean injectedNow, String counter) {
      if (injectedNow) {
        countInjected(counter);
      }
      return injectedNow;
    }
  }
}
