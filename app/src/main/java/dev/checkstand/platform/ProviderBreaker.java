package dev.checkstand.platform;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's circuit breaker (Resilience4j), with its calls counted by operation and outcome
 * ({@code checkstand_<provider>_requests_total}) and the last call made remembered for the health. Every call goes
 * through {@link #begin}: while the breaker is open none is sent, so callers fail fast instead of holding a thread and
 * a connection for a provider that keeps failing; after the configured wait a few trial calls decide whether it closes.
 * Only unavailability counts against it (the outcomes in {@code failures}); a definite answer — a decline, a validation
 * error, an idempotency conflict — counts for it. The state is this instance's own: a hint that saves calls, never
 * coordination (invariant 10).
 */
public final class ProviderBreaker {

    private static final Logger log = LoggerFactory.getLogger(ProviderBreaker.class);
    private static final Duration AT_LEAST = Duration.ofSeconds(1);

    private final String provider;
    private final String displayName;
    private final CircuitBreaker breaker;
    private final Set<CallOutcome> failures;
    private final Duration waitInOpen;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicReference<LastCall> lastCall = new AtomicReference<>();
    private volatile Instant trialAt = Instant.EPOCH;

    ProviderBreaker(String provider, String displayName, CircuitBreaker breaker, Set<CallOutcome> failures,
            Duration waitInOpen, MeterRegistry meters, Clock clock) {
        this.provider = provider;
        this.displayName = displayName;
        this.breaker = breaker;
        this.failures = Set.copyOf(failures);
        this.waitInOpen = waitInOpen;
        this.meters = meters;
        this.clock = clock;
        breaker.getEventPublisher().onStateTransition(event -> transitioned(event.getStateTransition().getToState()));
    }

    /** Registers the counter of {@code operation} at zero for every outcome, so it is scraped before any call. */
    void preRegister(String operation) {
        for (CallOutcome outcome : CallOutcome.values()) {
            counter(operation, outcome);
        }
    }

    /**
     * A call of {@code operation} about to be sent, to be ended with its outcome; empty (and counted
     * {@code short_circuited}) when the breaker is open and the call must not be sent.
     */
    public Optional<Call> begin(String operation) {
        if (!breaker.tryAcquirePermission()) {
            counter(operation, CallOutcome.SHORT_CIRCUITED).increment();
            return Optional.empty();
        }
        return Optional.of(new Call(operation, System.nanoTime()));
    }

    /**
     * While the breaker is open: how long until it lets a trial call through, in whole seconds rounded up (the unit of
     * {@code Retry-After}: a client that waits so long does not come back early), at least one. Empty while calls are
     * sent.
     */
    public Optional<Duration> failingFastFor() {
        CircuitBreaker.State state = breaker.getState();
        if (state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), trialAt);
        Duration seconds = Duration.ofSeconds(left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
        return Optional.of(seconds.compareTo(AT_LEAST) < 0 ? AT_LEAST : seconds);
    }

    /** Whether calls fail fast now. */
    public boolean open() {
        return failingFastFor().isPresent();
    }

    /**
     * What the health shows: the breaker's state, the failure rate of the recent calls (null until enough were
     * made), how many of them failed, when it lets a trial call through, and the last call made.
     */
    public Map<String, Object> details() {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("circuitBreaker", breaker.getState().name().toLowerCase(Locale.ROOT));
        float rate = metrics.getFailureRate();
        details.put("failureRate", rate < 0 ? null : rate);
        details.put("recentCalls", metrics.getNumberOfBufferedCalls());
        details.put("recentFailures", metrics.getNumberOfFailedCalls());
        failingFastFor().ifPresent(wait -> details.put("retryAfterSeconds", wait.toSeconds()));
        LastCall last = lastCall.get();
        if (last != null) {
            details.put("lastCall", Map.of("operation", last.operation(), "outcome", last.outcome().tag(),
                    "at", last.at().toString()));
        }
        return details;
    }

    private Counter counter(String operation, CallOutcome outcome) {
        return counters.computeIfAbsent(operation + " " + outcome.tag(), key -> Counter
                .builder("checkstand." + provider + ".requests")
                .description("Calls to " + displayName + " by operation and outcome")
                .tag("operation", operation)
                .tag("outcome", outcome.tag())
                .register(meters));
    }

    private void transitioned(CircuitBreaker.State to) {
        switch (to) {
            case OPEN -> {
                trialAt = clock.instant().plus(waitInOpen);
                log.warn("{} keeps failing ({} % of the last {} calls): its circuit breaker is open, calls fail fast"
                        + " for {} s", displayName, breaker.getMetrics().getFailureRate(),
                        breaker.getMetrics().getNumberOfBufferedCalls(), waitInOpen.toSeconds());
            }
            case HALF_OPEN -> log.info("{}: trying {} calls again", displayName,
                    breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState());
            case CLOSED -> log.info("{} answers again: its circuit breaker is closed", displayName);
            default -> log.info("{}: circuit breaker {}", displayName, to);
        }
    }

    /** A call being made: end it with its outcome, or say it was not made after all. */
    public final class Call {

        private final String operation;
        private final long startedNanos;

        private Call(String operation, long startedNanos) {
            this.operation = operation;
            this.startedNanos = startedNanos;
        }

        /**
         * The call was made and ended so. An outcome that is neither a failure nor a definite answer (a 429 the caller
         * honours by itself) is not judged: it neither opens nor closes the breaker.
         */
        public void end(CallOutcome outcome) {
            long nanos = System.nanoTime() - startedNanos;
            if (failures.contains(outcome)) {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, new Unavailable(outcome));
            } else if (outcome == CallOutcome.SUCCEEDED || outcome == CallOutcome.REJECTED) {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            } else {
                breaker.releasePermission();
            }
            counter(operation, outcome).increment();
            lastCall.set(new LastCall(operation, outcome, clock.instant()));
        }

        /** The call was not sent after all (our own budget refused it): nothing is judged or counted. */
        public void notMade() {
            breaker.releasePermission();
        }
    }

    private record LastCall(String operation, CallOutcome outcome, Instant at) {
    }

    // What the breaker records for a failed call; never thrown.
    private static final class Unavailable extends RuntimeException {

        Unavailable(CallOutcome outcome) {
            super(outcome.tag(), null, false, false);
        }
    }
}
