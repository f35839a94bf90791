package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.simulator.printful.PrintfulSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An authorization is never left to lapse silently. Stripe's simulator is told to let authorizations lapse a few
 * seconds after the service's margin (one day, its default) is reached — a week shortened to a day and seconds — so
 * the service's look at them comes at once: not yet in production, the authorization is released, the order canceled
 * and flagged; when Stripe lets it lapse first (the service could not reach it), its word cancels the order the same.
 */
@CheckstandIntegrationTest
@TestPropertySource(properties = {"checkstand.capture.mode=on_fulfillment", "checkstand.capture.interval=500ms"})
class AuthorizationExpiryIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final long ONE_DAY = 86_400;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @Autowired
    PrintfulSimulator printful;

    @AfterEach
    void tearDown() throws Exception {
        stripe.faults().reset();
        simulatorConfig(Map.of("authorizationValiditySeconds", 7 * ONE_DAY, "authorizationExpiry", "cancel"));
    }

    @Test
    void anAuthorizationNearItsLapseWhoseOrderIsNotInProductionIsReleasedAndTheOrderCanceledAndFlagged()
            throws Exception {
        simulatorConfig(Map.of("authorizationValiditySeconds", ONE_DAY + 3));
        UUID product = Catalogs.product(jdbc, 1300, 3, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 2);
        JsonNode placed = admin(checkout);
        assertThat(placed.path("paymentStatus").asString()).isEqualTo("authorized");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(1, 0);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin(checkout).path("status").asString()).isEqualTo("canceled"));

        JsonNode released = admin(checkout);
        assertThat(released.path("paymentStatus").asString()).isEqualTo("unpaid");
        assertThat(released.path("payments").get(0).path("captureBefore").isNull())
                .as("learnt from Stripe's charge").isFalse();
        assertThat(released.path("attentionReasons").valueStream().map(JsonNode::asString))
                .contains("authorization_released");
        assertThat(entry(released, "authorization_released").path("data").path("reason").asString())
                .isEqualTo("authorization_expiring");
        // Applied by the job's own call or by Stripe's payment_intent.canceled, whichever came first: the reason is the
        // decision the job recorded before it called.
        PaymentIntent atStripe = paymentIntent(checkout.text("paymentIntentId"));
        assertThat(atStripe.getStatus()).isEqualTo("canceled");
        assertThat(atStripe.getCancellationReason()).isEqualTo("abandoned");
        assertThat(atStripe.getAmountReceived()).isZero();
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(3, 0);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(printful.status("@" + checkout.text("orderNumber"))).isEqualTo("canceled"));
    }

    @Test
    void anAuthorizationStripeLetsLapseWhileTheServiceCannotReachItCancelsTheOrderOnStripesWord() throws Exception {
        simulatorConfig(Map.of("authorizationValiditySeconds", 3));
        UUID product = Catalogs.product(jdbc, 1300, 3, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 1);
        stripe.faults().apiErrorRate(1.0);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin(checkout).path("status").asString()).isEqualTo("canceled"));

        stripe.faults().reset();
        JsonNode released = admin(checkout);
        assertThat(released.path("paymentStatus").asString()).isEqualTo("unpaid");
        assertThat(released.path("attentionReasons").valueStream().map(JsonNode::asString))
                .contains("authorization_released");
        assertThat(entry(released, "authorization_released").path("source").asString()).isEqualTo("webhook");
        PaymentIntent atStripe = paymentIntent(checkout.text("paymentIntentId"));
        assertThat(atStripe.getStatus()).isEqualTo("canceled");
        assertThat(atStripe.getCancellationReason()).isEqualTo("automatic");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(3, 0);
    }

    @Test
    void anOrderInProductionIsCapturedNotReleasedThoughStripeRefusedEveryCallUntilItsLapseNeared() throws Exception {
        simulatorConfig(Map.of("authorizationValiditySeconds", ONE_DAY + 4));
        UUID product = Catalogs.product(jdbc, 1300, 3, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 1);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin(checkout).path("fulfillmentStatus").asString()).isEqualTo("submitted"));
        stripe.faults().apiErrorRate(1.0);
        printful.startProduction("@" + checkout.text("orderNumber"));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin(checkout).path("fulfillmentStatus").asString()).isEqualTo("in_production"));
        // Past the margin, with Stripe still failing: the order keeps its authorization, never released.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin(checkout).path("paymentStatus").asString()).isEqualTo("authorized"));

        stripe.faults().reset();

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin(checkout).path("paymentStatus").asString()).isEqualTo("paid"));
        JsonNode paid = admin(checkout);
        assertThat(paid.path("status").asString()).isEqualTo("paid");
        assertThat(paid.path("amountPaid").asLong()).isEqualTo(paid.path("total").asLong());
        assertThat(paid.path("timeline").valueStream().map(e -> e.path("type").asString()))
                .doesNotContain("authorization_released");
        assertThat(paymentIntent(checkout.text("paymentIntentId")).getStatus()).isEqualTo("succeeded");
    }

    private Api.Response placedOrder(UUID product, int quantity) throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, quantity));
        assertThat(checkout.status()).isEqualTo(201);
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .json().path("paymentStatus").asString()).isEqualTo("authorized");
        return checkout;
    }

    private void simulatorConfig(Map<String, Object> config) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stripe.baseUrl() + "/_sim/config"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.json(config).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private PaymentIntent paymentIntent(String id) throws Exception {
        return StripeClient.builder().setApiKey(stripe.secretKey()).setApiBase(stripe.baseUrl()).build()
                .v1().paymentIntents().retrieve(id);
    }

    private JsonNode admin(Api.Response order) {
        return api.getAsAdmin("/api/admin/orders/" + order.text("orderId")).json();
    }

    private static JsonNode entry(JsonNode admin, String type) {
        return admin.path("timeline").valueStream().filter(e -> type.equals(e.path("type").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " entry"));
    }
}
