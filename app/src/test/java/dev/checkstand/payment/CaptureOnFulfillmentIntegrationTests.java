package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.simulator.printful.PrintfulSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.StripeEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * With {@code CHECKSTAND_CAPTURE=on_fulfillment}: the customer's card is authorized at checkout and the order placed
 * on it (stock committed, fulfillment submitted); the money is captured once when Printful starts production,
 * whatever races it; admins capture part of it or release it; a released order is canceled with its stock back and
 * its hold released at Stripe.
 */
@CheckstandIntegrationTest
@TestPropertySource(properties = {"checkstand.capture.mode=on_fulfillment", "checkstand.capture.interval=500ms"})
class CaptureOnFulfillmentIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @Autowired
    PrintfulSimulator printful;

    @Autowired
    MeterRegistry meters;

    @Test
    void anAuthorizedOrderIsPlacedAndCapturedOnceWhenPrintfulStartsProduction() throws Exception {
        UUID product = Catalogs.product(jdbc, 1500, 5, Catalogs.MUG_VARIANT);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 2));
        String pi = checkout.text("paymentIntentId");
        PaymentIntent authorized = authorize(checkout);
        assertThat(authorized.getStatus()).isEqualTo("requires_capture");
        assertThat(authorized.getCaptureMethod()).isEqualTo("manual");
        String authorizedEvent = StripeEvents.event(StripeEvents.newEventId(), "payment_intent.amount_capturable_updated",
                authorized.getLastResponse().body());

        // Confirm calls and repeated deliveries of the authorization race each other.
        race(10, () -> {
            Api.Response confirm = api.post("/api/payments/confirm", Map.of("paymentIntentId", pi));
            assertThat(confirm.status()).isEqualTo(200);
            assertThat(confirm.json().path("success").asBoolean()).isTrue();
            assertThat(confirm.json().path("paymentStatus").asString()).isEqualTo("authorized");
        }, () -> assertThat(StripeEvents.deliver(api, authorizedEvent, stripe.webhookSecret()).status()).isEqualTo(200));

        JsonNode placed = admin(checkout);
        long total = placed.path("total").asLong();
        assertThat(placed.path("status").asString()).isEqualTo("paid");
        assertThat(placed.path("paymentStatus").asString()).isEqualTo("authorized");
        assertThat(placed.path("amountAuthorized").asLong()).isEqualTo(total);
        assertThat(placed.path("amountPaid").asLong()).isZero();
        assertThat(placed.path("payments").get(0).path("captureMethod").asString()).isEqualTo("manual");
        assertThat(placed.path("payments").get(0).path("status").asString()).isEqualTo("authorized");
        assertThat(types(placed).stream().filter("authorized"::equals)).hasSize(1);
        assertThat(types(placed)).doesNotContain("paid");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(3, 0);
        String number = checkout.text("orderNumber");
        awaitFulfillment(checkout, "submitted");
        assertThat(paymentIntent(pi).getStatus()).isEqualTo("requires_capture");

        printful.startProduction("@" + number);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin(checkout).path("paymentStatus").asString()).isEqualTo("paid"));
        // Every stored Stripe event of this PaymentIntent again, oldest first (the authorization after the capture),
        // and more confirm calls: nothing moves back and nothing is recorded twice.
        awaitInboxDone();
        race(5, () -> assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", pi)).status())
                .isEqualTo(200), () -> assertThat(StripeEvents.deliver(api, authorizedEvent, stripe.webhookSecret())
                .status()).isEqualTo(200));
        for (Long id : jdbc.sql("select id from webhook_events where source = 'stripe' and object_id = :pi order by id")
                .param("pi", pi).query(Long.class).list()) {
            assertThat(api.postAsAdmin("/api/admin/webhook-events/" + id + "/replay", Map.of()).status()).isEqualTo(200);
        }
        awaitInboxDone();
        PaymentIntent atStripe = paymentIntent(pi);
        assertThat(atStripe.getStatus()).isEqualTo("succeeded");
        assertThat(atStripe.getAmountReceived()).isEqualTo(total);
        JsonNode paid = admin(checkout);
        assertThat(paid.path("status").asString()).isEqualTo("paid");
        assertThat(paid.path("paymentStatus").asString()).isEqualTo("paid");
        assertThat(paid.path("amountPaid").asLong()).isEqualTo(total);
        assertThat(paid.path("paidAt").isNull()).isFalse();
        assertThat(paid.path("payments").get(0).path("status").asString()).isEqualTo("succeeded");
        assertThat(types(paid).stream().filter("authorized"::equals)).hasSize(1);
        assertThat(types(paid).stream().filter("paid"::equals)).hasSize(1);
        JsonNode entry = entry(paid, "paid");
        assertThat(entry.path("data").path("amount").asLong()).isEqualTo(total);
        assertThat(entry.path("data").path("released").asLong()).isZero();
        assertThat(paid.path("needsAttention").asBoolean()).isFalse();
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(3, 0);
    }

    @Test
    void aCaptureDecidedWhileStripeFailsIsKeptAndCarriedOutOnceStripeAnswers() throws Exception {
        UUID product = Catalogs.product(jdbc, 1400, 3, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 1);
        awaitFulfillment(checkout, "submitted");
        long total = admin(checkout).path("total").asLong();
        stripe.faults().apiErrorRate(1.0);
        try {
            printful.startProduction("@" + checkout.text("orderNumber"));
            awaitFulfillment(checkout, "in_production");

            // Decided and committed before Stripe was called, though the call fails: not rolled back with it.
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.sql(
                            "select amount_to_capture from payment_attempts where payment_intent_id = :pi")
                    .param("pi", checkout.text("paymentIntentId")).query(Long.class).optional()).contains(total));
            assertThat(admin(checkout).path("paymentStatus").asString()).isEqualTo("authorized");
        } finally {
            stripe.faults().reset();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(admin(checkout).path("paymentStatus").asString()).isEqualTo("paid"));
        assertThat(paymentIntent(checkout.text("paymentIntentId")).getAmountReceived()).isEqualTo(total);
        assertThat(types(admin(checkout)).stream().filter("paid"::equals)).hasSize(1);
    }

    @Test
    void anAdminCapturesPartOfAnAuthorizationAndRefundsAreBoundByWhatWasCaptured() throws Exception {
        UUID product = Catalogs.product(jdbc, 2000, 5, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 1);
        String id = checkout.text("orderId");
        long total = admin(checkout).path("total").asLong();

        Api.Response nothingTaken = refund(id, Map.of());
        assertThat(nothingTaken.status()).isEqualTo(409);
        assertThat(nothingTaken.json().path("code").asString()).isEqualTo("order_not_refundable");
        assertThat(nothingTaken.json().path("detail").asString()).contains("authorized, not captured");
        assertThat(api.postAsAdmin("/api/admin/orders/" + id + "/capture", Map.of("amount", total + 1)).status())
                .isEqualTo(400);
        assertThat(api.postAsAdmin("/api/admin/orders/" + id + "/capture", Map.of("amount", 0)).status()).isEqualTo(400);
        double partialBefore = settled("partially_captured");
        Api.Response captured = api.postAsAdmin("/api/admin/orders/" + id + "/capture", Map.of("amount", 1500));
        Api.Response again = api.postAsAdmin("/api/admin/orders/" + id + "/capture", Map.of("amount", 1500));

        assertThat(captured.status()).isEqualTo(200);
        assertThat(captured.json().path("paymentStatus").asString()).isEqualTo("paid");
        assertThat(captured.json().path("amountPaid").asLong()).isEqualTo(1500);
        assertThat(captured.json().path("amountAuthorized").asLong()).isEqualTo(total);
        JsonNode entry = entry(captured.json(), "paid");
        // The admin's call or Stripe's payment_intent.succeeded, whichever is applied first.
        assertThat(entry.path("source").asString()).isIn("admin", "webhook");
        assertThat(entry.path("data").path("amount").asLong()).isEqualTo(1500);
        assertThat(entry.path("data").path("released").asLong()).isEqualTo(total - 1500);
        await().atMost(PATIENCE).until(() -> settled("partially_captured") == partialBefore + 1);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asString()).isEqualTo("payment_not_authorized");
        PaymentIntent atStripe = paymentIntent(checkout.text("paymentIntentId"));
        assertThat(atStripe.getStatus()).isEqualTo("succeeded");
        assertThat(atStripe.getAmountReceived()).isEqualTo(1500);

        assertThat(refund(id, Map.of("amount", 1501)).json().path("code").asString())
                .isEqualTo("refund_exceeds_refundable");
        assertThat(refund(id, Map.of("amount", 1500)).status()).isEqualTo(201);
    }

    @Test
    void whenPrintfulMakesOnlyPartOfTheOrderWhatItMakesIsCapturedAndTheRestReleased() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 5, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 3);
        String ref = "@" + checkout.text("orderNumber");
        awaitFulfillment(checkout, "submitted");
        JsonNode placed = admin(checkout);
        String sku = placed.path("items").get(0).path("sku").asString();
        // The shop's operator keeps one of the three at Printful (the only way Printful's API changes an order's
        // items: the order again with update_existing, while it is not yet in production).
        ObjectNode atPrintful = (ObjectNode) JsonMapper.builder().build().readTree(printful.orderJson(ref));
        ObjectNode line = ((ObjectNode) atPrintful.path("items").get(0)).put("quantity", 1);
        ObjectNode body = JsonMapper.builder().build().createObjectNode();
        body.put("external_id", checkout.text("orderNumber"));
        body.set("recipient", atPrintful.path("recipient"));
        body.putArray("items").add(JsonMapper.builder().build().createObjectNode()
                .put("sync_variant_id", line.path("sync_variant_id").asLong()).put("quantity", 1)
                .put("external_id", line.path("external_id").asString()).put("sku", sku)
                .put("retail_price", line.path("retail_price").asString()));
        HttpResponse<String> updated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(printful.baseUrl() + "/orders?update_existing=true"))
                .header("Authorization", "Bearer " + printful.token())
                .header("X-PF-Store-Id", Long.toString(printful.storeId()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

        printful.startProduction(ref);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin(checkout).path("paymentStatus").asString()).isEqualTo("paid"));
        JsonNode paid = admin(checkout);
        long expected = 1000 + paid.path("shipping").asLong();
        assertThat(paid.path("amountPaid").asLong()).isEqualTo(expected);
        assertThat(paid.path("amountAuthorized").asLong()).isEqualTo(paid.path("total").asLong());
        assertThat(entry(paid, "items_not_fulfilled").path("data").path("quantities").path(sku).asInt()).isEqualTo(2);
        assertThat(entry(paid, "paid").path("data").path("released").asLong()).isEqualTo(2000);
        PaymentIntent atStripe = paymentIntent(checkout.text("paymentIntentId"));
        assertThat(atStripe.getStatus()).isEqualTo("succeeded");
        assertThat(atStripe.getAmountReceived()).isEqualTo(expected);
        assertThat(Catalogs.stock(jdbc, product)).as("the two not made are back on hand").containsExactly(4, 0);
    }

    @Test
    void anOrderPrintfulCancelsIsReleasedNotCaptured() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 5, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 1);
        awaitFulfillment(checkout, "submitted");

        HttpResponse<String> canceled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(printful.baseUrl() + "/orders/@" + checkout.text("orderNumber")))
                .header("Authorization", "Bearer " + printful.token())
                .header("X-PF-Store-Id", Long.toString(printful.storeId()))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin(checkout).path("status").asString()).isEqualTo("canceled"));
        JsonNode released = admin(checkout);
        assertThat(entry(released, "authorization_released").path("data").path("reason").asString())
                .isEqualTo("nothing_to_fulfill");
        assertThat(released.path("attentionReasons").valueStream().map(JsonNode::asString))
                .contains("authorization_released").doesNotContain("fulfillment_canceled");
        assertThat(paymentIntent(checkout.text("paymentIntentId")).getStatus()).isEqualTo("canceled");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(5, 0);
    }

    @Test
    void releasingAnAuthorizedOrderCancelsItReleasesTheHoldAtStripeRestocksAndStopsPrintful() throws Exception {
        UUID product = Catalogs.product(jdbc, 1800, 4, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 3);
        awaitFulfillment(checkout, "submitted");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(1, 0);

        Api.Response released = api.postAsAdmin("/api/admin/orders/" + checkout.text("orderId") + "/release", Map.of());

        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().path("status").asString()).isEqualTo("canceled");
        assertThat(released.json().path("paymentStatus").asString()).isEqualTo("unpaid");
        assertThat(released.json().path("amountPaid").asLong()).isZero();
        assertThat(types(released.json())).contains("authorization_released", "canceled");
        assertThat(entry(released.json(), "authorization_released").path("data").path("reason").asString())
                .isEqualTo("admin");
        assertThat(released.json().path("attentionReasons").valueStream().map(JsonNode::asString))
                .doesNotContain("authorization_released");
        PaymentIntent atStripe = paymentIntent(checkout.text("paymentIntentId"));
        assertThat(atStripe.getStatus()).isEqualTo("canceled");
        assertThat(atStripe.getAmountReceived()).isZero();
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(4, 0);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(printful.status("@" + checkout.text("orderNumber"))).isEqualTo("canceled"));
        awaitFulfillment(checkout, "canceled");
        assertThat(api.postAsAdmin("/api/admin/orders/" + checkout.text("orderId") + "/capture", Map.of()).json()
                .path("code").asString()).isEqualTo("payment_not_authorized");
    }

    @Test
    void aCancelThatFindsTheCardAuthorizedPlacesTheOrderInsteadOfReleasingTheCustomersPayment() throws Exception {
        UUID product = Catalogs.product(jdbc, 900, 2, Catalogs.MUG_VARIANT);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        stripe.setWebhookDeliveryEnabled(false);
        try {
            authorize(checkout);

            // The cancel (like the hold's expiry, which goes the same way) reads the PaymentIntent before it stops it.
            Api.Response cancel = api.postWithOrderToken("/api/orders/" + checkout.text("orderId") + "/cancel",
                    Map.of(), checkout.text("orderToken"));

            assertThat(cancel.status()).isEqualTo(409);
            assertThat(cancel.json().path("code").asString()).isEqualTo("order_not_cancelable");
        } finally {
            stripe.setWebhookDeliveryEnabled(true);
        }
        JsonNode order = admin(checkout);
        assertThat(order.path("status").asString()).isEqualTo("paid");
        assertThat(order.path("paymentStatus").asString()).isEqualTo("authorized");
        assertThat(paymentIntent(checkout.text("paymentIntentId")).getStatus()).isEqualTo("requires_capture");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(1, 0);
    }

    @Test
    void theAuditReportsACardHeldAtStripeThatNoOrderHoldsUntilTheAuthorizationIsApplied() throws Exception {
        UUID product = Catalogs.product(jdbc, 900, 2, Catalogs.MUG_VARIANT);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        String pi = checkout.text("paymentIntentId");
        stripe.setWebhookDeliveryEnabled(false);
        try {
            authorize(checkout);
            JsonNode before = api.getAsAdmin("/api/admin/reconciliation").json();
            assertThat(before.path("examples").path("authorization_mismatch").valueStream().map(JsonNode::asString))
                    .contains(pi);

            api.post("/api/payments/confirm", Map.of("paymentIntentId", pi));

            JsonNode after = api.getAsAdmin("/api/admin/reconciliation").json();
            assertThat(after.path("examples").path("authorization_mismatch").valueStream().map(JsonNode::asString))
                    .doesNotContain(pi);
        } finally {
            stripe.setWebhookDeliveryEnabled(true);
        }
    }

    @Test
    void anAdminCancelOfAnAuthorizedOrderReleasesIt() throws Exception {
        UUID product = Catalogs.product(jdbc, 900, 2, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 1);

        Api.Response canceled = api.postAsAdmin("/api/admin/orders/" + checkout.text("orderId") + "/cancel", Map.of());

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.json().path("status").asString()).isEqualTo("canceled");
        assertThat(paymentIntent(checkout.text("paymentIntentId")).getStatus()).isEqualTo("canceled");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(2, 0);
    }

    @Test
    void aSecondAuthorizationOfAPlacedOrderIsFlaggedAndReleasedNotCaptured() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 3, Catalogs.MUG_VARIANT);
        Api.Response checkout = placedOrder(product, 1);
        StripeClient client = StripeClient.builder().setApiKey(stripe.secretKey()).setApiBase(stripe.baseUrl()).build();
        PaymentIntent second = client.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1499L).setCurrency("gbp").setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .putMetadata("order_id", checkout.text("orderId")).build());
        PaymentIntent heldTwice = client.v1().paymentIntents().confirm(second.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        assertThat(heldTwice.getStatus()).isEqualTo("requires_capture");
        String event = StripeEvents.event(StripeEvents.newEventId(), "payment_intent.amount_capturable_updated",
                heldTwice.getLastResponse().body());

        race(3, () -> assertThat(StripeEvents.deliver(api, event, stripe.webhookSecret()).status()).isEqualTo(200),
                // Before the event linked it, the confirm call does not know this PaymentIntent (404).
                () -> assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", second.getId())).status())
                        .isIn(200, 404));

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(paymentIntent(second.getId()).getStatus()).isEqualTo("canceled"));
        assertThat(paymentIntent(second.getId()).getAmountReceived()).isZero();
        assertThat(paymentIntent(checkout.text("paymentIntentId")).getStatus()).isEqualTo("requires_capture");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(admin(checkout).path("payments").valueStream()
                .map(p -> p.path("status").asString())).containsExactlyInAnyOrder("authorized", "canceled"));
        JsonNode order = admin(checkout);
        assertThat(order.path("paymentStatus").asString()).isEqualTo("authorized");
        assertThat(order.path("attentionReasons").valueStream().map(JsonNode::asString)).contains("duplicate_payment");
        assertThat(types(order).stream().filter("authorized"::equals)).hasSize(1);
        assertThat(types(order).stream().filter("flagged"::equals)).hasSize(1);
    }

    @Test
    void aCheckoutSessionIsAuthorizedAndPlacesItsOrder() throws Exception {
        UUID product = Catalogs.product(jdbc, 1100, 3, Catalogs.MUG_VARIANT);
        Api.Response session = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 1));
        assertThat(session.status()).isEqualTo(201);

        stripe.payCheckoutSession(session.text("sessionId"), "pm_card_visa");

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode order = api.getAsAdmin("/api/admin/orders/" + session.text("orderId")).json();
            assertThat(order.path("paymentStatus").asString()).isEqualTo("authorized");
            assertThat(order.path("amountAuthorized").asLong()).isEqualTo(order.path("total").asLong());
        });
        String pi = jdbc.sql("select payment_intent_id from payment_attempts where order_id = :id")
                .param("id", UUID.fromString(session.text("orderId"))).query(String.class).single();
        assertThat(paymentIntent(pi).getStatus()).isEqualTo("requires_capture");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(2, 0);
    }

    private PaymentIntent paymentIntent(String id) throws Exception {
        return StripeClient.builder().setApiKey(stripe.secretKey()).setApiBase(stripe.baseUrl()).build()
                .v1().paymentIntents().retrieve(id);
    }

    private Api.Response placedOrder(UUID product, int quantity) throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, quantity));
        assertThat(checkout.status()).isEqualTo(201);
        authorize(checkout);
        Api.Response confirm = api.post("/api/payments/confirm", Map.of("paymentIntentId",
                checkout.text("paymentIntentId")));
        assertThat(confirm.json().path("paymentStatus").asString()).isEqualTo("authorized");
        return checkout;
    }

    private PaymentIntent authorize(Api.Response checkout) throws Exception {
        return new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
    }

    private double settled(String outcome) {
        return meters.get("checkstand.authorizations.settled").tag("outcome", outcome).counter().count();
    }

    private Api.Response refund(String orderId, Map<String, Object> body) {
        return api.postRaw("/api/admin/orders/" + orderId + "/refunds", Api.json(body).toString(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Authorization", api.adminAuthorization()));
    }

    @Test
    void aSellersAuthorizedOrderTransfersWhatIsCapturedLessTheFeeOnceCaptured() throws Exception {
        Api.Response seller = api.postAsAdmin("/api/admin/sellers", Map.of("name", "Held Mugs", "commissionBps", 1000));
        String account = seller.text("stripeAccountId");
        stripe.completeOnboarding(account);
        await().atMost(PATIENCE).until(() -> api.getAsAdmin("/api/admin/sellers").json().findValuesAsString("id")
                .contains(seller.text("id")) && api.getAsAdmin("/api/admin/sellers/" + seller.text("id")).json()
                .path("chargesEnabled").asBoolean());
        Api.Response product = api.postAsAdmin("/api/admin/products", Map.of("sku", "HELD-" + UUID.randomUUID(),
                "name", "Seller's mug", "unitAmount", 2500, "currency", "gbp", "onHand", 5,
                "printfulVariantId", Catalogs.MUG_VARIANT, "sellerId", seller.text("id")));
        Api.Response checkout = api.post("/api/create-payment-intent",
                Checkouts.of(UUID.fromString(product.text("id")), 2));
        long total = checkout.json().path("amount").path("total").asLong();
        long fee = total / 10;
        authorize(checkout);
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .status()).isEqualTo(200);
        assertThat(admin(checkout).path("seller").path("transfer").isNull()).isTrue();

        long captured = total - 1000;
        assertThat(api.postAsAdmin("/api/admin/orders/" + checkout.text("orderId") + "/capture",
                Map.of("amount", captured)).status()).isEqualTo(200);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode share = admin(checkout).path("seller");
            assertThat(share.path("stripeAccountId").asString()).isEqualTo(account);
            assertThat(share.path("applicationFee").asLong()).isEqualTo(fee);
            assertThat(share.path("transfer").path("amount").asLong()).isEqualTo(captured - fee);
        });
    }

    private JsonNode admin(Api.Response order) {
        return api.getAsAdmin("/api/admin/orders/" + order.text("orderId")).json();
    }

    private void awaitFulfillment(Api.Response order, String status) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin(order).path("fulfillmentStatus").asString()).isEqualTo(status));
    }

    private void awaitInboxDone() {
        await().atMost(PATIENCE).until(() -> jdbc.sql(
                "select count(*) from webhook_events where status not in ('processed', 'ignored')")
                .query(Long.class).single() == 0);
    }

    private static void race(int each, Runnable first, Runnable second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * each);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                calls.add(pool.submit(first));
                calls.add(pool.submit(second));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> types(JsonNode admin) {
        return admin.path("timeline").valueStream().map(entry -> entry.path("type").asString()).toList();
    }

    private static JsonNode entry(JsonNode admin, String type) {
        return admin.path("timeline").valueStream().filter(e -> type.equals(e.path("type").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " entry in " + types(admin)));
    }
}
