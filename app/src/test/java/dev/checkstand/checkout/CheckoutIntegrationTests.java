package dev.checkstand.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Race;
import dev.checkstand.simulator.StripeSimulator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CheckstandIntegrationTest
class CheckoutIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Test
    void createsPendingOrderWithReservationAndPaymentIntent() {
        UUID product = Catalogs.product(jdbc, 1250, 10);
        Api.Response response = api.post("/api/create-payment-intent", Checkouts.of(product, 2));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.text("status")).isEqualTo("pending_payment");
        assertThat(response.text("paymentIntentId")).startsWith("pi_");
        assertThat(response.text("clientSecret")).startsWith(response.text("paymentIntentId") + "_secret_");
        assertThat(response.text("publishableKey")).isEqualTo(simulator.publishableKey());
        assertThat(response.text("orderNumber")).matches("CS-[0-9A-Z]{7}");
        assertThat(response.json().path("amount").path("subtotal").asLong()).isEqualTo(2500);
        assertThat(response.json().path("amount").path("shipping").asLong()).isEqualTo(499);
        assertThat(response.json().path("amount").path("total").asLong()).isEqualTo(2999);
        assertThat(response.json().path("amount").path("currency").asString()).isEqualTo("gbp");
        assertThat(response.text("reservationExpiresAt")).isNotBlank();
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(10, 2);
        assertThat(jdbc.sql("select status from payment_attempts where payment_intent_id = :pi")
                .param("pi", response.text("paymentIntentId")).query(String.class).single())
                .isEqualTo("requires_payment_method");
    }

    @Test
    void sameCheckoutIdReturnsTheSameOrderAndPaymentIntent() {
        var oneMug = Checkouts.oneMugToLondon(jdbc);

        Api.Response first = api.post("/api/create-payment-intent", oneMug.body());
        Api.Response second = api.post("/api/create-payment-intent", oneMug.body());

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.text("orderId")).isEqualTo(first.text("orderId"));
        assertThat(second.text("paymentIntentId")).isEqualTo(first.text("paymentIntentId"));
        assertThat(second.text("clientSecret")).isEqualTo(first.text("clientSecret"));
        assertThat(Catalogs.stock(jdbc, oneMug.product())).containsExactly(5, 1);
    }

    @Test
    void sameCheckoutIdWithDifferentContentIsAConflict() {
        UUID mug = Catalogs.mug(jdbc);
        String checkoutId = Checkouts.newCheckoutId();
        api.post("/api/create-payment-intent", Checkouts.of(checkoutId, mug, 1));

        Api.Response conflict = api.post("/api/create-payment-intent", Checkouts.of(checkoutId, mug, 3));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.text("code")).isEqualTo("checkout_conflict");
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 1);
    }

    @Test
    void twentyRacingIdenticalRequestsMakeOneOrderAndOnePaymentIntent() throws Exception {
        var twoMugs = Checkouts.twoMugsToLondon(jdbc);
        long createsBefore = simulator.apiCallCounts().getOrDefault("POST /v1/payment_intents", 0L);

        List<Api.Response> responses = Race.of(20, () -> api.post("/api/create-payment-intent", twoMugs.body()));

        assertThat(responses).extracting(Api.Response::status).containsOnly(200, 201);
        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).extracting(r -> r.text("orderId")).containsOnly(responses.get(0).text("orderId"));
        assertThat(responses).extracting(r -> r.text("paymentIntentId")).containsOnly(responses.get(0).text("paymentIntentId"));
        assertThat(jdbc.sql("select count(*) from orders where checkout_id = :id").param("id", twoMugs.checkoutId())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(5, 2);
        long createsAfter = simulator.apiCallCounts().getOrDefault("POST /v1/payment_intents", 0L);
        assertThat(createsAfter - createsBefore).isBetween(1L, 20L);
    }

    @Test
    void outOfStockCreatesNothing() {
        UUID product = Catalogs.product(jdbc, 1000, 3);
        String checkoutId = Checkouts.newCheckoutId();

        Api.Response response = api.post("/api/create-payment-intent", Checkouts.of(checkoutId, product, 4));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text("code")).isEqualTo("out_of_stock");
        assertThat(response.json().path("items").get(0).path("productId").asString()).isEqualTo(product.toString());
        assertThat(response.json().path("items").get(0).path("requested").asInt()).isEqualTo(4);
        assertThat(response.json().path("items").get(0).path("available").asInt()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from orders where checkout_id = :id").param("id", checkoutId)
                .query(Long.class).single()).isZero();
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(3, 0);
    }

    @Test
    void concurrentCheckoutsNeverOversell() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 5);

        List<Api.Response> responses = Race.of(12, () -> api.post("/api/create-payment-intent", Checkouts.of(product, 1)));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(5);
        assertThat(responses).filteredOn(r -> r.status() == 409).allMatch(r -> "out_of_stock".equals(r.text("code")))
                .hasSize(7);
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(5, 5);
    }
}
