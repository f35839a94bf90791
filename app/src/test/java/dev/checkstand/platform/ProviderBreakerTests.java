package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.MovingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which answers count against a provider's circuit breaker, and what an open one does. */
class ProviderBreakerTests {

    private static final Set<CallOutcome> STRIPE_FAILURES = EnumSet.of(CallOutcome.FAILED, CallOutcome.RATE_LIMITED);
    private static final Set<CallOutcome> PRINTFUL_FAILURES = EnumSet.of(CallOutcome.FAILED);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MovingClock clock = new MovingClock();
    // Opens when half of the last four calls failed; fails fast for 30 s; one trial call.
    private final ProviderBreakers breakers = new ProviderBreakers(
            new BreakerSettings(50, 4, 4, Duration.ofSeconds(30), 1), meters, clock);

    @Test
    void httpAnswersAreClassifiedByStatus() {
        assertThat(CallOutcome.ofStatus(200)).isEqualTo(CallOutcome.SUCCEEDED);
        assertThat(CallOutcome.ofStatus(201)).isEqualTo(CallOutcome.SUCCEEDED);
        // A card decline, a validation error, an unknown object, an idempotency conflict: the provider answered.
        assertThat(List.of(402, 400, 404, 409, 401)).allSatisfy(status ->
                assertThat(CallOutcome.ofStatus(status)).isEqualTo(CallOutcome.REJECTED));
        assertThat(CallOutcome.ofStatus(429)).isEqualTo(CallOutcome.RATE_LIMITED);
        assertThat(List.of(500, 502, 503, 504)).allSatisfy(status ->
                assertThat(CallOutcome.ofStatus(status)).isEqualTo(CallOutcome.FAILED));
    }

    @Test
    void declinesAndValidationErrorsNeverOpenTheBreaker() {
        ProviderBreaker stripe = breakers.create("stripe", "Stripe", STRIPE_FAILURES, List.of("create_payment_intent"));

        for (int i = 0; i < 40; i++) {
            call(stripe, i % 2 == 0 ? CallOutcome.REJECTED : CallOutcome.SUCCEEDED);
        }

        assertThat(stripe.open()).isFalse();
        assertThat(stripe.details()).containsEntry("circuitBreaker", "closed").containsEntry("failureRate", 0.0f);
        assertThat(count("stripe", "create_payment_intent", "rejected")).isEqualTo(20);
    }

    @Test
    void connectionFailuresAndServerErrorsOpenItAndThenNoCallIsSent() {
        ProviderBreaker stripe = breakers.create("stripe", "Stripe", STRIPE_FAILURES, List.of("create_payment_intent"));

        call(stripe, CallOutcome.SUCCEEDED);
        call(stripe, CallOutcome.REJECTED);
        call(stripe, CallOutcome.FAILED);
        assertThat(stripe.open()).as("one failure in three calls").isFalse();
        call(stripe, CallOutcome.FAILED);

        assertThat(stripe.open()).as("two failures in the last four calls").isTrue();
        assertThat(stripe.begin("create_payment_intent")).isEmpty();
        assertThat(stripe.failingFastFor()).hasValue(Duration.ofSeconds(30));
        assertThat(count("stripe", "create_payment_intent", "short_circuited")).isEqualTo(1);
        assertThat(stripe.details()).containsEntry("circuitBreaker", "open").containsEntry("retryAfterSeconds", 30L)
                .containsEntry("failureRate", 50.0f);
        clock.advance(Duration.ofMillis(1500));
        assertThat(stripe.failingFastFor()).as("rounded up to whole seconds").hasValue(Duration.ofSeconds(29));
        clock.advance(Duration.ofSeconds(28).plusMillis(300));
        assertThat(stripe.failingFastFor()).as("Retry-After is at least a second").hasValue(Duration.ofSeconds(1));
    }

    @Test
    void aLastingRateLimitCountsAgainstStripeButNotAgainstPrintfulWhoseBudgetHonoursIt() {
        ProviderBreaker stripe = breakers.create("stripe", "Stripe", STRIPE_FAILURES, List.of());
        ProviderBreaker printful = breakers.create("printful", "Printful", PRINTFUL_FAILURES, List.of());

        for (int i = 0; i < 4; i++) {
            call(stripe, CallOutcome.RATE_LIMITED);
            call(printful, CallOutcome.RATE_LIMITED);
        }

        assertThat(stripe.open()).isTrue();
        assertThat(printful.open()).isFalse();
        assertThat(printful.details()).containsEntry("recentCalls", 0);
    }

    @Test
    void afterTheWaitOneTrialCallGoesAndItsSuccessClosesTheBreaker() {
        ProviderBreaker printful = breakers.create("printful", "Printful", PRINTFUL_FAILURES, List.of("find_order"));
        for (int i = 0; i < 4; i++) {
            call(printful, CallOutcome.FAILED);
        }
        assertThat(printful.open()).isTrue();

        clock.advance(Duration.ofSeconds(31));
        ProviderBreaker.Call trial = printful.begin("find_order").orElseThrow();
        assertThat(printful.begin("find_order")).as("only one trial call at a time").isEmpty();
        trial.end(CallOutcome.SUCCEEDED);

        assertThat(printful.open()).isFalse();
        assertThat(printful.details()).containsEntry("circuitBreaker", "closed");
        assertThat(printful.begin("find_order")).isPresent();
    }

    @Test
    void aCallNotMadeAfterAllIsNeitherJudgedNorCounted() {
        ProviderBreaker printful = breakers.create("printful", "Printful", PRINTFUL_FAILURES, List.of("create_order"));

        printful.begin("create_order").orElseThrow().notMade();

        assertThat(printful.details()).containsEntry("recentCalls", 0).doesNotContainKey("lastCall");
        assertThat(meters.find("checkstand.printful.requests").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void everyKnownOperationIsCountedFromTheStartAndTheStateIsAMetric() {
        breakers.create("stripe", "Stripe", STRIPE_FAILURES, List.of("create_payment_intent", "list_events"));

        assertThat(meters.find("checkstand.stripe.requests").counters()).hasSize(2 * CallOutcome.values().length);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "stripe", "state", "closed").gauge()
                .value()).isEqualTo(1.0);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "stripe", "state", "open").gauge()
                .value()).isZero();
    }

    private static void call(ProviderBreaker breaker, CallOutcome outcome) {
        breaker.begin("create_payment_intent").orElseThrow().end(outcome);
    }

    private double count(String provider, String operation, String outcome) {
        return meters.get("checkstand." + provider + ".requests").tags("operation", operation, "outcome", outcome)
                .counter().count();
    }
}
