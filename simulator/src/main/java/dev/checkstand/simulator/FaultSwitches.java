package dev.checkstand.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The fault switches the Stripe and Printful simulators share ({@link Faults}, {@code PrintfulFaults}), with the
 * same names; switchable at any time from any thread. The setters return the concrete switches, for chaining.
 *
 * @param <F> the concrete switches
 */
public abstract class FaultSwitches<F extends FaultSwitches<F>> {

  private final int defaultRateLimit;
  private volatile double webhookDropRate;
  private volatile double webhookDuplicateRate;
  private volatile boolean webhookReorder;
  private volatile Duration webhookDelay = Duration.ZERO;
  private volatile double apiErrorRate;
  private volatile int apiErrorStatus = 500;
  private volatile double answerLostRate;
  private volatile Duration latency = Duration.ZERO;
  private volatile int rateLimit;

  /** Switches all off, but the rate limit, which starts (and resets) at {@code defaultRateLimit}. */
  protected FaultSwitches(int defaultRateLimit) {
    this.defaultRateLimit = defaultRateLimit;
    this.rateLimit = defaultRateLimit;
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

  /** Turns every fault off (and puts the rate limit back to its default). */
  public F reset() {
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

  /** Makes the shared switches equal to {@code other}'s. */
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
}
