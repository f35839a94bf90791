package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.exception.CardException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CheckstandIntegrationTest
class PaymentFlowIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    Browser browser;
    UUID product;

    @BeforeEach
    void setUp() {
        browser = new Browser(simulator.baseUrl(), simulator.publishableKey());
        product = Catalogs.product(jdbc, 1500, 10);
        simulator.setWebhookDeliveryEnabled(true);
    }

    @AfterEach
    void tearDown() {
        simulator.setWebhookDeliveryEnabled(true);
    }

    @Test
    void paidThroughTheWebhook() throws Exception {
        Api.Response checkout = checkout(2);

        browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(order(checkout).text("status")).isEqualTo("paid"));
        JsonNode admin = adminView(checkout);
        assertThat(admin.path("paymentStatus").asString()).isEqualTo("paid");
        assertThat(admin.path("amountPaid").asLong()).isEqualTo(3499);
        assertThat(paidEntries(admin)).extracting(e -> e.path("source").asString()).containsExactly("webhook");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(8, 0);
        assertThat(reservationStatus(checkout)).isEqualTo("committed");
    }

    @Test
    void paidThroughConfirmAloneWhenNoWebhookArrives() throws Exception {
        simulator.setWebhookDeliveryEnabled(false);
        Api.Response checkout = checkout(1);
        int deliveriesBefore = simulator.deliveries().size();

        browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        Api.Response confirm = api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));

        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.json().path("success").asBoolean()).isTrue();
        assertThat(confirm.text("paymentStatus")).isEqualTo("paid");
        assertThat(confirm.text("orderStatus")).isEqualTo("paid");
        assertThat(confirm.text("orderId")).isEqualTo(checkout.text("orderId"));
        assertThat(simulator.deliveries()).hasSize(deliveriesBefore);
        assertThat(paidEntries(adminView(checkout))).extracting(e -> e.path("source").asString()).containsExactly("confirm");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(9, 0);
    }

    @Test
    void declinedCardLeavesTheOrderPendingWithItsReservation() throws Exception {
        Api.Response checkout = checkout(3);

        assertThatThrownBy(() -> browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"),
                "pm_card_chargeDeclined"))
                .isInstanceOfSatisfying(CardException.class, e -> assertThat(e.getDeclineCode()).isEqualTo("generic_decline"));
        Api.Response confirm = api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));

        assertThat(confirm.json().path("success").asBoolean()).isFalse();
        assertThat(confirm.text("orderStatus")).isEqualTo("pending_payment");
        assertThat(confirm.text("paymentStatus")).isEqualTo("unpaid");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(processedEvents(checkout, "payment_intent.payment_failed")).isEqualTo(1));
        JsonNode admin = adminView(checkout);
        assertThat(admin.path("status").asString()).isEqualTo("pending_payment");
        assertThat(timelineTypes(admin)).containsOnlyOnce("payment_failed");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(10, 3);
        assertThat(reservationStatus(checkout)).isEqualTo("active");

        browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(order(checkout).text("status")).isEqualTo("paid"));
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(7, 0);
    }

    @Test
    void duplicateAndDifferentEventsForOnePaymentIntentGiveOnePaidTransition() throws Exception {
        simulator.setWebhookDeliveryEnabled(false);
        Api.Response checkout = checkout(1);
        PaymentIntent paid = browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        String piJson = paid.getLastResponse().body();
        String first = event("evt_" + UUID.randomUUID().toString().replace("-", ""), piJson);
        String second = event("evt_" + UUID.randomUUID().toString().replace("-", ""), piJson);

        assertThat(deliver(first).status()).isEqualTo(200);
        Api.Response again = deliver(first);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        assertThat(deliver(second).status()).isEqualTo(200);
        api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(processedEvents(checkout, "payment_intent.succeeded")).isEqualTo(2));
        JsonNode admin = adminView(checkout);
        assertThat(admin.path("status").asString()).isEqualTo("paid");
        assertThat(paidEntries(admin)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from payment_attempts where payment_intent_id = :pi and status = 'succeeded'")
                .param("pi", checkout.text("paymentIntentId")).query(Long.class).single()).isEqualTo(1);
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(9, 0);
    }

    @Test
    void confirmForAnUnknownPaymentIntentIsNotFoundAndCreatesNothing() {
        long orders = jdbc.sql("select count(*) from orders").query(Long.class).single();

        Api.Response response = api.post("/api/payments/confirm", Map.of("paymentIntentId", "pi_unknown123"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text("code")).isEqualTo("payment_not_found");
        assertThat(jdbc.sql("select count(*) from orders").query(Long.class).single()).isEqualTo(orders);
    }

    @Test
    void customerViewIsRedactedAndFoundByPaymentIntent() {
        Api.Response checkout = checkout(1);

        Api.Response view = order(checkout);

        assertThat(view.status()).isEqualTo(200);
        assertThat(view.text("id")).isEqualTo(checkout.text("orderId"));
        assertThat(view.text("email")).isEqualTo("a***@example.com");
        assertThat(view.json().has("timeline")).isFalse();
        assertThat(view.json().path("shippingAddress").has("line1")).isFalse();
        assertThat(view.json().path("shippingAddress").path("city").asString()).isEqualTo("London");
        assertThat(api.get("/api/orders/by-payment-intent/pi_nope").status()).isEqualTo(404);
    }

    private Api.Response checkout(int quantity) {
        Api.Response response = api.post("/api/create-payment-intent", Checkouts.of(product, quantity));
        assertThat(response.status()).isEqualTo(201);
        return response;
    }

    private Api.Response order(Api.Response checkout) {
        return api.get("/api/orders/by-payment-intent/" + checkout.text("paymentIntentId"));
    }

    private JsonNode adminView(Api.Response checkout) {
        Api.Response response = api.getAsAdmin("/api/admin/orders/" + checkout.text("orderId"));
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private static List<JsonNode> paidEntries(JsonNode admin) {
        return admin.path("timeline").valueStream().filter(e -> "paid".equals(e.path("type").asString())).toList();
    }

    private static List<String> timelineTypes(JsonNode admin) {
        return admin.path("timeline").valueStream().map(e -> e.path("type").asString()).toList();
    }

    private String reservationStatus(Api.Response checkout) {
        return jdbc.sql("select status from reservations where order_id = :id")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(String.class).single();
    }

    private long processedEvents(Api.Response checkout, String type) {
        return jdbc.sql("select count(*) from webhook_events where object_id = :pi and type = :type and status = 'processed'")
                .param("pi", checkout.text("paymentIntentId")).param("type", type).query(Long.class).single();
    }

    private static String event(String id, String paymentIntentJson) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2025-10-29.clover\",\"created\":"
                + (System.currentTimeMillis() / 1000) + ",\"livemode\":false,\"pending_webhooks\":1,"
                + "\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":" + paymentIntentJson + "}}";
    }

    private Api.Response deliver(String payload) throws Exception {
        String header = Webhook.Signature.generateSignatureHeader(payload, simulator.webhookSecret());
        return api.postRaw("/api/payments/webhook", payload, Map.of("Stripe-Signature", header));
    }
}
