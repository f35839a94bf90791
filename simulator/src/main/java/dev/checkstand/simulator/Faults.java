package dev.checkstand.simulator;

import dev.checkstand.simulator.webhooks.DeliveryFaults;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ways Stripe misbehaves in production, switchable at any time from any thread; every switch is off by default.
 * Counts what was injected, with the shared counters ({@link #API_ERRORS}, ...), {@link #API_ERRORS_500},
 * {@link #API_ERRORS_503} and {@link #REQUESTS_DELAYED}.
 */
public final class Faults extends FaultSwitches<Faults> {

  /** Stripe's live-mode global rate limit, in requests per second. */
  public static final int LIVE_RATE_LIMIT = 100;
  /** Stripe's test-mode global rate limit, in requests per second. */
  public static final int TEST_RATE_LIMIT = 25;

  /** Counter names of {@link #injected()} the Stripe simulator keeps besides the shared ones. */
  public static final String API_ERRORS_500 = "apiErrors500";
  public static final String API_ERRORS_503 = "apiErrors503";
  public static final String REQUESTS_DELAYED = "requestsDelayed";

  private final Map<String, AtomicInteger> answersLost = new ConcurrentHashMap<>();
  private volatile Duration answerLostDelay = Duration.ZERO;
  private volatile String eventApiVersion;
  private final Map<String, Set<String>> omittedFields = new ConcurrentHashMap<>();

  /** Off: every switch is off by default. */
  public Faults() {
    super(0, API_ERRORS_500, API_ERRORS_503, REQUESTS_DELAYED);
  }

  @Override
  protected Faults self() {
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

  /** How long a lost answer's connection stays open before it is closed (default 0); longer than the client's read timeout makes the client time out instead. */
  public Faults answerLostDelay(Duration delay) {
    this.answerLostDelay = nonNegative(delay, "answerLostDelay");
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

  /** Turns every fault off and forgets the counts of what was injected. */
  @Override
  public Faults reset() {
    super.reset();
    answersLost.clear();
    answerLostDelay = Duration.ZERO;
    eventApiVersion = null;
    omittedFields.clear();
    return this;
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

  /** How long a lost answer's connection stays open. */
  public Duration answerLostDelay() {
    return answerLostDelay;
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

  /** Makes these switches equal to {@code other}'s, counted lost answers included; the counts of what was injected stay. */
  Faults copyFrom(Faults other) {
    copySwitchesFrom(other);
    answersLost.clear();
    other.answersLost().forEach((endpoint, times) -> answersLost.put(endpoint, new AtomicInteger(times)));
    answerLostDelay = other.answerLostDelay;
    eventApiVersion = other.eventApiVersion;
    omittedFields.clear();
    other.omittedFields().forEach((type, fields) -> fields.forEach(field -> omitField(type, field)));
    return this;
  }

  /** The status of an API error to answer instead of handling a request, counted in total and by status, or 0. */
  int injectedError() {
    int status = decideApiError();
    if (status != 0) {
      countInjected(status == 503 ? API_ERRORS_503 : API_ERRORS_500);
    }
    return status;
  }

  /** Whether to lose the answer to a request of {@code method}: a counted lost answer for the first of {@code endpoints} that has one left, else at {@link #answerLostRate()}; counted. */
  boolean loseAnswer(String method, String... endpoints) {
    if (takeAnswerLost(endpoints)) {
      countInjected(ANSWERS_LOST);
      return true;
    }
    return decideAnswerLost(method);
  }

  /** The latency to add before handling a request; a request delayed by it is counted. */
  Duration requestLatency() {
    Duration latency = latency();
    if (!latency.isZero()) {
      countInjected(REQUESTS_DELAYED);
    }
    return latency;
  }

  /** Counts a request answered 429 by the rate limit. */
  void rateLimited() {
    countInjected(RATE_LIMITED);
  }

  /** The webhook delivery decisions, counted. */
  DeliveryFaults delivery() {
    return countedDelivery();
  }

  /** Consumes one counted lost answer for the first of {@code endpoints} that has one left. */
  private boolean takeAnswerLost(String... endpoints) {
    for (String endpoint : endpoints) {
      AtomicInteger remaining = answersLost.get(endpoint);
      if (remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return true;
      }
    }
    return false;
  }
}
