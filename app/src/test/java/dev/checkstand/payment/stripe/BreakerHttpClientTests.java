package dev.checkstand.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkstand.platform.BreakerSettings;
import dev.checkstand.platform.CallOutcome;
import dev.checkstand.platform.ProviderBreaker;
import dev.checkstand.platform.ProviderBreakers;
import dev.checkstand.simulator.StripeSimulator;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which of Stripe's answers count against its circuit breaker, through the real stripe-java client and the
 * simulator: a decline, a validation error, an unknown object and an idempotency conflict are Stripe answering; a 5xx
 * and a dropped connection are Stripe unavailable, and once they open the breaker no call is sent.
 */
class BreakerHttpClientTests {

    static StripeSimulator simulator;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // Judges the last four calls, opens at two failures.
    private final ProviderBreaker breaker = new ProviderBreakers(new BreakerSettings(50, 4, 4, Duration.ofSeconds(30), 1),
            meters, Clock.systemUTC()).create("stripe", "Stripe", EnumSet.of(CallOutcome.FAILED, CallOutcome.RATE_LIMITED),
            StripeOperations.MADE);
    private final StripeClient stripe = StripeClient.builder()
            .setHttpClient(new BreakerHttpClient(new RateLimitedHttpClient(0, Timer.builder("waits").register(meters)),
                    breaker))
            .setApiKey(simulator.secretKey())
            .setApiBase(simulator.baseUrl())
            .setMaxNetworkRetries(0)
            .build();

    @BeforeAll
    static void startSimulator() {
        simulator = StripeSimulator.builder().port(0).start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @AfterEach
    void resetFaults() {
        simulator.faults().reset();
    }

    @Test
    void declinesValidationErrorsUnknownObjectsAndIdempotencyConflictsAreStripeAnswering() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                    .setAmount(1000L).setCurrency("gbp").setConfirm(true).setPaymentMethod("pm_card_chargeDeclined")
                    .build())).isInstanceOf(CardException.class);
        }
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(-5L).setCurrency("gbp").build())).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> stripe.v1().paymentIntents().retrieve("pi_unknown"))
                .isInstanceOf(InvalidRequestException.class);
        RequestOptions sameKey = RequestOptions.builder().setIdempotencyKey("breaker-test-key").build();
        assertThat(stripe.v1().paymentIntents().create(intent(1000), sameKey).getId()).startsWith("pi_");
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(intent(2000), sameKey))
                .isInstanceOf(IdempotencyException.class);

        assertThat(breaker.open()).isFalse();
        assertThat(breaker.details()).containsEntry("failureRate", 0.0f);
        assertThat(count("create_payment_intent", "rejected")).isEqualTo(4);
        assertThat(count("retrieve_payment_intent", "rejected")).isEqualTo(1);
        assertThat(count("create_payment_intent", "succeeded")).isEqualTo(1);
    }

    @Test
    void serverErrorsAndDroppedConnectionsOpenItAndThenNoCallIsSent() {
        simulator.faults().apiErrorRate(1.0);
        assertThatThrownBy(() -> stripe.v1().paymentIntents().retrieve("pi_any")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(intent(1000))).isInstanceOf(ApiException.class);
        simulator.faults().reset().answerLostRate(1.0);
        assertThat(breaker.open()).isFalse();
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(intent(1000)))
                .isInstanceOf(ApiConnectionException.class);
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(intent(1000)))
                .isInstanceOf(ApiConnectionException.class);
        simulator.faults().reset();

        assertThat(breaker.open()).isTrue();
        long sent = calls();
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(intent(1000)))
                .isInstanceOf(StripeNotCalled.class);
        assertThat(calls()).isEqualTo(sent);
        assertThat(count("create_payment_intent", "failed")).isEqualTo(3);
        assertThat(count("retrieve_payment_intent", "failed")).isEqualTo(1);
        assertThat(count("create_payment_intent", "short_circuited")).isEqualTo(1);
    }

    private static PaymentIntentCreateParams intent(long amount) {
        return PaymentIntentCreateParams.builder().setAmount(amount).setCurrency("gbp").build();
    }

    private double count(String operation, String outcome) {
        return meters.get("checkstand.stripe.requests").tags("operation", operation, "outcome", outcome).counter()
                .count();
    }

    private static long calls() {
        return simulator.apiCallCounts().values().stream().mapToLong(Long::longValue).sum();
    }
}
