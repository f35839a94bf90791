package dev.checkstand.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Health;
import dev.checkstand.support.QuickBreakers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Stripe down: the checkouts that meet its failures open its circuit breaker, after which new checkouts are refused at
 * once (503 with Retry-After) without reserving or creating anything, and the service says so in its health and
 * metrics; once Stripe answers again the breaker closes by itself, checkouts go through and every checkout placed
 * during the outage gets its PaymentIntent from recovery — no order lost, no stock leaked.
 */
@CheckstandIntegrationTest
@QuickBreakers
class StripeOutageIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @AfterEach
    void tearDown() {
        stripe.faults().reset();
    }

    @Test
    void whileStripeKeepsFailingNewCheckoutsAreRefusedAtOnceChangingNothingAndRecoverByThemselves() {
        Health health = new Health(api);
        UUID product = Catalogs.product(jdbc, 1000, 50);
        assertThat(health.breaker("stripe")).isEqualTo("closed");
        stripe.faults().apiErrorRate(1.0);

        // These are answered 503 as Stripe fails, until the breaker opens; each is placed, its attempt left creating
        // (unless the recovery job's failing calls opened the breaker just before it came).
        List<String> metStripeDown = new ArrayList<>();
        for (int i = 0; i < 10 && !"open".equals(health.breaker("stripe")); i++) {
            Map<String, Object> checkout = Checkouts.of(product, 1);
            Api.Response failed = api.post("/api/create-payment-intent", checkout);
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.text("code")).isEqualTo("payment_provider_unavailable");
            metStripeDown.add((String) checkout.get("checkoutId"));
        }
        assertThat(health.breaker("stripe")).isEqualTo("open");
        long placed = ordersOf(metStripeDown);
        assertThat(placed).isPositive();
        int callsBefore = stripeCalls();

        Map<String, Object> intent = Checkouts.of(product, 2);
        Map<String, Object> session = Checkouts.of(product, 3);
        Api.Response refusedIntent = api.post("/api/create-payment-intent", intent);
        Api.Response refusedSession = api.post("/api/payments/create-checkout-session", session);

        for (Api.Response refused : List.of(refusedIntent, refusedSession)) {
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text("code")).isEqualTo("payment_provider_unavailable");
            assertThat(refused.text("detail")).contains("not asked");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, QuickBreakers.WAIT_IN_OPEN_SECONDS);
        }
        assertThat(stripeCalls()).as("nothing sent to Stripe").isEqualTo(callsBefore);
        assertThat(ordersOf(List.of((String) intent.get("checkoutId"), (String) session.get("checkoutId")))).isZero();
        assertThat(Catalogs.stock(jdbc, product)).as("only the orders placed hold stock")
                .containsExactly(50, (int) placed);

        JsonNode component = health.component("stripe");
        assertThat(component.path("status").asString()).isEqualTo("WARNING");
        assertThat(api.getAsAdmin("/actuator/health").text("status")).as("a provider down leaves the service UP")
                .isEqualTo("UP");
        assertThat(component.path("details").path("lastCall").path("outcome").asString()).isEqualTo("failed");
        assertThat(component.path("details").path("retryAfterSeconds").asLong()).isPositive();
        assertThat(component.path("details").path("rateLimiterAvailablePermits").asString()).isEqualTo("unlimited");
        Api.Response anonymous = api.get("/actuator/health");
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(anonymous.body()).doesNotContain("circuitBreaker");
        assertThat(api.get("/actuator/health/readiness").status()).as("Stripe is no part of readiness").isEqualTo(200);
        assertThat(health.sample("resilience4j_circuitbreaker_state", "name=\"stripe\"", "state=\"open\"")).hasValue(1.0);
        assertThat(health.sample("checkstand_stripe_requests_total", "operation=\"create_payment_intent\"",
                "outcome=\"failed\"")).hasValueSatisfying(failed -> assertThat(failed).isGreaterThanOrEqualTo(2));
        assertThat(health.sample("checkstand_stripe_requests_total", "operation=\"expire_checkout_session\"",
                "outcome=\"succeeded\"")).as("counted from the start").isPresent();
        assertThat(health.sample("checkstand_stripe_rate_limit_wait_seconds_count")).isPresent();

        stripe.faults().reset();

        Map<String, Object> later = Checkouts.of(product, 1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            int status = api.post("/api/create-payment-intent", later).status();
            return status == 201 || status == 200;
        });
        Api.Response answered = api.post("/api/create-payment-intent", later);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.text("paymentIntentId")).startsWith("pi_");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(creatingAttempts(metStripeDown)).isZero());
        assertThat(health.breaker("stripe")).isEqualTo("closed");
        assertThat(health.component("stripe").path("status").asString()).isEqualTo("UP");
        assertThat(ordersOf(metStripeDown)).as("no order lost, none added").isEqualTo(placed);
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(50, (int) placed + 1);
    }

    private int stripeCalls() {
        return (int) stripe.apiCallCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    private long ordersOf(List<String> checkoutIds) {
        return jdbc.sql("select count(*) from orders where checkout_id in (:ids)").param("ids", checkoutIds)
                .query(Long.class).single();
    }

    private long creatingAttempts(List<String> checkoutIds) {
        return jdbc.sql("""
                select count(*) from payment_attempts a join orders o on o.id = a.order_id
                 where o.checkout_id in (:ids) and (a.status = 'creating' or a.payment_intent_id is null)""")
                .param("ids", checkoutIds).query(Long.class).single();
    }
}
