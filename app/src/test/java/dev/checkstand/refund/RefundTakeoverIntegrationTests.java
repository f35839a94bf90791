package dev.checkstand.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.Refund;
import com.stripe.param.RefundListParams;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
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
 * Issue 17, item 2, for refunds left {@code creating}: while a live instance waits for Stripe's answer to a refund,
 * no other instance repeats it (its lease is renewed); once that instance is killed (SIGKILL, a JVM of its own),
 * another instance's recovery repeats the call with the same idempotency key about one grace later, and Stripe holds
 * one refund for it.
 */
class RefundTakeoverIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(RefundTakeoverIntegrationTests.class);
    private static final Duration GRACE = Duration.ofSeconds(5);

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("refund-takeover");

    @Test
    void aRefundLeftCreatingByAKilledInstanceIsMadeByAnotherOnce() throws Exception {
        JdbcClient jdbc = instances.jdbc();
        // Had the killed instance been running a recovery job at the kill, another runs it within the bound below.
        String[] arguments = {"--checkstand.recovery.grace=" + GRACE.toSeconds() + "s",
                ServiceInstance.takeoverHeartbeat()};
        try (ServiceProcess doomed = ServiceProcess.start("refund-doomed", instances.jdbcUrl(), instances.simulator(),
                arguments)) {
            Api doomedApi = doomed.awaitReady().api();
            ServiceInstance survivor = instances.start(arguments);
            UUID product = Catalogs.product(jdbc, 1500, 10);
            instances.simulator().setWebhookDeliveryEnabled(false);
            Api.Response checkout = doomedApi.post("/api/create-payment-intent", Checkouts.of(product, 1));
            assertThat(checkout.status()).isEqualTo(201);
            new Browser(instances.simulator().baseUrl(), instances.simulator().publishableKey())
                    .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
            assertThat(doomedApi.post("/api/payments/confirm", Map.of("paymentIntentId",
                    checkout.text("paymentIntentId"))).json().path("success").asBoolean()).isTrue();

            // Stripe makes the refund but holds its answer until the client gives up (20 s, then its retries).
            instances.simulator().faults().answerLost("POST /v1/refunds", 1_000).answerLostDelay(Duration.ofSeconds(60));
            CompletableFuture.runAsync(() -> doomedApi.send("POST", "/api/admin/orders/" + checkout.text("orderId")
                    + "/refunds", "{\"amount\":500}", Map.of("Idempotency-Key", "takeover-1",
                            "Authorization", doomedApi.adminAuthorization())));
            await("the refund is being made").atMost(Duration.ofSeconds(20))
                    .until(() -> creating(jdbc) == 1);
            UUID refund = jdbc.sql("select id from refunds where status = 'creating'").query(UUID.class).single();

            await("the live call keeps its claim: nobody repeats it").during(GRACE.multipliedBy(3))
                    .atMost(GRACE.multipliedBy(4)).until(() -> recoveryAttempts(jdbc, refund) == 1);

            doomed.kill();
            Instant killed = Instant.now();
            instances.simulator().faults().reset();
            await("another instance's recovery makes it").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> creating(jdbc) == 0);
            Duration takeover = Duration.between(killed, Instant.now());
            log.info("Refund {} left creating by the killed instance was made by another {} ms after the kill"
                    + " (grace {})", refund, takeover.toMillis(), GRACE);
            assertThat(takeover).isLessThan(GRACE.plusSeconds(10));

            StripeClient stripe = StripeClient.builder().setApiKey(instances.simulator().secretKey())
                    .setApiBase(instances.simulator().baseUrl()).build();
            List<Refund> atStripe = stripe.v1().refunds().list(RefundListParams.builder()
                    .setPaymentIntent(checkout.text("paymentIntentId")).build()).getData();
            assertThat(atStripe).as("one refund at Stripe, asked for twice with one key").hasSize(1);
            assertThat(atStripe.get(0).getAmount()).isEqualTo(500L);
            assertThat(survivor.api().get("/actuator/health/readiness").status()).isEqualTo(200);
        }
    }

    private static long creating(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from refunds where status = 'creating'").query(Long.class).single();
    }

    private static int recoveryAttempts(JdbcClient jdbc, UUID refund) {
        return jdbc.sql("select recovery_attempts from refunds where id = :id").param("id", refund)
                .query(Integer.class).single();
    }
}
