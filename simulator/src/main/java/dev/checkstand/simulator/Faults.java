package dev.checkstand.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Ways Stripe misbehaves in production, switchable at any time from any thread; every switch is off by default. */
public final class Faults {

  /** Stripe's live-mode global rate limit, in requests per second. */
  public static final int LIVE_RATE_LIMIT = 100;
  /** Stripe's test-mode global rate limit, in requests per second. */
  public static final int TEST_RATE_LIMIT = 25;

  private volatile double webhookDropRate;
  private volatile double webhookDuplicateRate;
  private volatile boolean webhookReorder;
  private volatile Duration webhookDelay = Duration.ZERO;
  private volatile double apiErrorRate;
  private volatile int apiErrorStatus = 500;
  private final Map<String, AtomicInteger> answersLost = new ConcurrentHashMap<>();
  private volatile double answerLostRate;
  private volatile Duration answerLostDelay = Duration.ZERO;
  private volatile Duration latency = Duration.ZERO;
  private volatile int rateLimit;
  private volatile String eventApiVersion;
  private final Map<String, Set<String>> omittedFields = new ConcurrentHashMap<>();

  /** Drops a webhook attempt entirely: never sent, recorded as a failed attempt, retried on the schedule. */
  public Faults webhookDropRate(double p) {
    this.webhookDropRate = probability(p, "webhookDropRate");
    return this;
  }

  /** Sends an event a second time (same event id), as an independent delivery. */
  public Faults webhookDuplicateRate(double p) {
    this.webhookDuplicateRate = probability(p, "webhookDuplicateRate");
    return this;
  }

  /** Holds first attempts briefly and sends them one by one in a shuffled order (never the recorded order when several are held). */
  public Faults webhookReorder(boolean on) {
    this.webhookReorder = on;
    return this;
  }

  /** Waits a random time up to {@code max} before each webhook attempt. */
  public Faults webhookDelay(Duration max) {
    this.webhookDelay = nonNegative(max, "webhookDelay");
    return this;
  }

  /** Answers API requests with a 500 {@code api_error} before anything is applied; nothing is stored under the idempotency key, so a retry with the same key executes. */
  public Faults apiErrorRate(double p) {
    this.apiErrorRate = probability(p, "apiErrorRate");
    return this;
  }

  /** The status of injected API errors: 500 (default) or 503. */
  public Faults apiErrorStatus(int status) {
    if (status != 500 && status != 503) {
      throw new IllegalArgumentException("apiErrorStatus must be 500 or 503, was " + status);
    }
    this.apiErrorStatus = status;
    return this;
  }

  /** The next {@code times} requests to {@code endpoint} (e.g. {@code "POST /v1/payment_intents"} or a template such as {@code "POST /v1/payment_intents/{id}/confirm"}) are applied, then their connection is closed without an answer. */
  public Faults answerLost(String endpoint, int times) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative, was " + times);
    }
    if (times == 0) {
      answersLost.remove(endpoint);
    } else {
      answersLost.put(endpoint, new AtomicInteger(times));
    }
    return this;
  }

  /** Like {@link #answerLost(String, int)}, at random, for any POST or DELETE. */
  public Faults answerLostRate(double p) {
    this.answerLostRate = probability(p, "answerLostRate");
    return this;
  }

  /** How long a lost answer's connection stays open before it is closed (default 0); longer than the client's read timeout makes the client time out instead. */
  public Faults answerLostDelay(Duration delay) {
    this.answerLostDelay = nonNegative(delay, "answerLostDelay");
    return this;
  }

  /** Adds {@code d} before every API request is handled. */
  public Faults latency(Duration d) {
    this.latency = nonNegative(d, "latency");
    return this;
  }

  /** Answers 429 with {@code Stripe-Rate-Limited-Reason: global-rate} above this many API requests per second; 0 turns it off. */
  public Faults rateLimit(int requestsPerSecond) {
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException("rateLimit must not be negative, was " + requestsPerSecond);
    }
    this.rateLimit = requestsPerSecond;
    return this;
  }

  /** Renders new events with this {@code api_version} (e.g. an older one); null renders them normally. */
  public Faults eventApiVersion(String version) {
    this.eventApiVersion = version == null || version.isBlank() ? null : version;
    return this;
  }

  /** Leaves {@code field} out of every {@code objectType} object (e.g. {@code "payment_intent"}, {@code "amount_received"}) in API answers and new events, as a Stripe-compatible server that lacks the field would; nested and listed objects too. */
  public Faults omitField(String objectType, String field) {
    Objects.requireNonNull(objectType, "objectType");
    Objects.requireNonNull(field, "field");
    omittedFields.computeIfAbsent(objectType, type -> ConcurrentHashMap.newKeySet()).add(field);
    return this;
  }

  /** Turns every fault off. */
  public Faults reset() {
    webhookDropRate = 0;
    webhookDuplicateRate = 0;
    webhookReorder = false;
    webhookDelay = Duration.ZERO;
    apiErrorRate = 0;
    apiErrorStatus = 500;
    answersLost.clear();
    answerLostRate = 0;
    answerLostDelay = Duration.ZERO;
    latency = Duration.ZERO;
    rateLimit = 0;
    eventApiVersion = null;
    omittedFields.clear();
    return this;
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

  /** The lost answers still to come, by endpoint. */
  public Map<String, Integer> answersLost() {
    Map<String, Integer> remaining = new TreeMap<>();
    answersLost.forEach((endpoint, count) -> {
      if (count.get() > 0) {
        remaining.put(endpoint, count.get());
      }
    });
    return remaining;
  }

  /** The probability of losing the answer to a POST or DELETE. */
  public double answerLostRate() {
    return answerLostRate;
  }

  /** How long a lost answer's connection stays open. */
  public Duration answerLostDelay() {
    return answerLostDelay;
  }

  /** The latency added to every API request. */
  public Duration latency() {
    return latency;
  }

  /** The rate limit in requests per second; 0 when off. */
  public int rateLimit() {
    return rateLimit;
  }

  /** The {@code api_version} new events are rendered with, or null. */
  public String eventApiVersion() {
    return eventApiVersion;
  }

  /** The fields left out of answers and events, by object type. */
  public Map<String, Set<String>> omittedFields() {
    Map<String, Set<String>> omitted = new TreeMap<>();
    omittedFields.forEach((type, fields) -> {
      if (!fields.isEmpty()) {
        omitted.put(type, new TreeSet<>(fields));
      }
    });
    return omitted;
  }

  /** Makes these switches equal to {@code other}'s, counted lost answers included. */
  Faults copyFrom(Faults other) {
    webhookDropRate = other.webhookDropRate;
    webhookDuplicateRate = other.webhookDuplicateRate;
    webhookReorder = other.webhookReorder;
    webhookDelay = other.webhookDelay;
    apiErrorRate = other.apiErrorRate;
    apiErrorStatus = other.apiErrorStatus;
    answersLost.clear();
    other.answersLost().forEach((endpoint, times) -> answersLost.put(endpoint, new AtomicInteger(times)));
    answerLostRate = other.answerLostRate;
    answerLostDelay = other.answerLostDelay;
    latency = other.latency;
    rateLimit = other.rateLimit;
    eventApiVersion = other.eventApiVersion;
    omittedFields.clear();
    other.omittedFields().forEach((type, fields) -> fields.forEach(field -> omitField(type, field)));
    return this;
  }

  /** Consumes one counted lost answer for the first of {@code endpoints} that has one left. */
  boolean takeAnswerLost(String... endpoints) {
    for (String endpoint : endpoints) {
      AtomicInteger remaining = answersLost.get(endpoint);
      if (remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return true;
      }
    }
    return false;
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
