package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentListParams;
import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 17, item 2, for payment attempts left {@code creating}: while a live instance still waits for Stripe's answer
 * to its create, the recovery job of another instance leaves the attempt alone (its lease is renewed); once that
 * instance is killed (SIGKILL, a JVM of its own), another instance's recovery creates it — with the same idempotency
 * key, so Stripe still holds one PaymentIntent for it — about one grace later.
 */
class AttemptTakeoverIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(AttemptTakeoverIntegrationTests.class);
    private static final Duration GRACE = Duration.ofSeconds(5);

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("attempt-takeover");

    @Test
    void anAttemptLeftCreatingByAKilledInstanceIsCreatedByAnotherOnce() throws Exception {
        JdbcClient jdbc = instances.jdbc();
        // Had the killed instance been running a recovery job at the kill, another runs it within the bound below.
        String[] arguments = {"--checkstand.recovery.grace=" + GRACE.toSeconds() + "s",
                ServiceInstance.takeoverHeartbeat()};
        try (ServiceProcess doomed = ServiceProcess.start("attempt-doomed", instances.jdbcUrl(), instances.simulator(),
                arguments)) {
            Api doomedApi = doomed.awaitReady().api();
            ServiceInstance survivor = instances.start(arguments);
            UUID product = Catalogs.product(jdbc, 1400, 10);
            // Stripe makes the PaymentIntent but holds its answer until the client gives up (20 s, then its retries).
            instances.simulator().faults().answerLost("POST /v1/payment_intents", 1_000)
                    .answerLostDelay(Duration.ofSeconds(60));
            Map<String, Object> body = Checkouts.of(product, 1);
            CompletableFuture<Api.Response> checkout = CompletableFuture.supplyAsync(
                    () -> doomedApi.post("/api/create-payment-intent", body));
            await("the attempt is being created").atMost(Duration.ofSeconds(20))
                    .until(() -> creating(jdbc) == 1);
            UUID attempt = jdbc.sql("select id from payment_attempts where status = 'creating'").query(UUID.class)
                    .single();

            await("the live request holds the recovery jobs off").during(GRACE.multipliedBy(3))
                    .atMost(GRACE.multipliedBy(4)).until(() -> recoveryAttempts(jdbc, attempt) == 0);

            doomed.kill();
            Instant killed = Instant.now();
            instances.simulator().faults().reset();
            await("another instance's recovery creates it").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> paymentIntent(jdbc, attempt) != null);
            Duration takeover = Duration.between(killed, Instant.now());
            log.info("Attempt {} left creating by the killed instance was created by another {} ms after the kill"
                    + " (grace {})", attempt, takeover.toMillis(), GRACE);
            assertThat(takeover).isLessThan(GRACE.plusSeconds(10));

            StripeClient stripe = StripeClient.builder().setApiKey(instances.simulator().secretKey())
                    .setApiBase(instances.simulator().baseUrl()).build();
            List<PaymentIntent> atStripe = stripe.v1().paymentIntents()
                    .list(PaymentIntentListParams.builder().setLimit(100L).build()).getData();
            assertThat(atStripe).filteredOn(pi -> attempt.toString().equals(pi.getMetadata().get("attempt_id")))
                    .as("one PaymentIntent for the attempt, made twice with one key").hasSize(1);
            assertThat(survivor.api().get("/actuator/health/readiness").status()).isEqualTo(200);
        }
    }

    private static long creating(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from payment_attempts where status = 'creating'").query(Long.class).single();
    }

    private static int recoveryAttempts(JdbcClient jdbc, UUID attempt) {
        return jdbc.sql("select recovery_attempts from payment_attempts where id = :id").param("id", attempt)
                .query(Integer.class).single();
    }

    private static String paymentIntent(JdbcClient jdbc, UUID attempt) {
        return jdbc.sql("select payment_intent_id from payment_attempts where id = :id").param("id", attempt)
                .query(String.class).optional().orElse(null);
    }
}
