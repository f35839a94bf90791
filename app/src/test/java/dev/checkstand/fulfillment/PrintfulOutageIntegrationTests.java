package dev.checkstand.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.simulator.printful.PrintfulSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Health;
import dev.checkstand.support.QuickBreakers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Printful down: the fulfillment worker's failing calls open Printful's circuit breaker, after which the worker makes
 * no call and spends none of the fulfillment's attempts (eight here, which a worker that kept calling would spend well
 * within the outage); once Printful answers again the breaker closes by itself and the order is submitted, once.
 */
@CheckstandIntegrationTest
@QuickBreakers
class PrintfulOutageIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @Autowired
    PrintfulSimulator printful;

    @AfterEach
    void tearDown() {
        printful.faults().reset().rateLimit(0);
    }

    @Test
    void whilePrintfulKeepsFailingTheWorkerWaitsAndSubmitsTheOrderOnceItAnswersAgain() throws Exception {
        Health health = new Health(api);
        printful.faults().apiErrorRate(1.0);
        Api.Response order = paidOrder();

        await().atMost(Duration.ofSeconds(60)).until(() -> "open".equals(health.breaker("printful")));
        JsonNode waiting = fulfillment(order);
        int attempts = waiting.path("attempts").asInt();
        assertThat(waiting.path("status").asString()).isEqualTo("pending");
        assertThat(attempts).isBetween(1, 7);
        long calls = printfulCalls();
        // Unchecked, the worker would try again within a second (retries here wait at most that) and fail the order by
        // its eighth attempt; while the breaker is open it claims nothing.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                fulfillment(order).path("attempts").asInt() == attempts && printfulCalls() == calls);
        JsonNode component = health.component("printful");
        assertThat(component.path("status").asString()).isEqualTo("WARNING");
        assertThat(api.getAsAdmin("/actuator/health").text("status")).as("a provider down leaves the service UP")
                .isEqualTo("UP");
        assertThat(component.path("details").path("lastCall").path("outcome").asString()).isEqualTo("failed");
        assertThat(component.path("details").path("callBudgetAvailable").asString()).isEqualTo("unlimited");
        assertThat(health.sample("resilience4j_circuitbreaker_state", "name=\"printful\"", "state=\"open\""))
                .hasValue(1.0);
        assertThat(health.sample("checkstand_printful_requests_total", "outcome=\"failed\"")).isPresent();
        assertThat(api.get("/actuator/health/readiness").status()).as("Printful is no part of readiness")
                .isEqualTo(200);

        printful.faults().reset().rateLimit(0);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(fulfillment(order).path("status").asString()).isEqualTo("submitted"));
        assertThat(fulfillment(order).path("attempts").asInt()).isLessThan(8);
        assertThat(printful.orders()).filteredOn(o -> order.text("orderNumber").equals(o.externalId())).hasSize(1);
        assertThat(health.breaker("printful")).isEqualTo("closed");
        assertThat(health.component("printful").path("status").asString()).isEqualTo("UP");
    }

    private Api.Response paidOrder() throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(Catalogs.product(jdbc, 1000, 10), 1));
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .json().path("success").asBoolean()).isTrue();
        return checkout;
    }

    private JsonNode fulfillment(Api.Response order) {
        return api.getAsAdmin("/api/admin/orders/" + order.text("orderId")).json().path("fulfillments").get(0);
    }

    private long printfulCalls() {
        return printful.apiCallCounts().values().stream().mapToLong(Long::longValue).sum();
    }
}
