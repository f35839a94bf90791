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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Paid orders go to Printful (the built-in simulator, over HTTP through the service's own client) once each, move
 * forward on Printful's webhooks and re-reads, block on products without a variant, and are canceled by a full
 * refund while Printful can still cancel them.
 */
@CheckstandIntegrationTest
class FulfillmentIntegrationTests {

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
    Environment environment;

    @AfterEach
    void tearDown() {
        printful.faults().reset().rateLimit(0);
    }

    @Test
    void aPaidOrderBecomesOnePrintfulOrderKeyedByItsNumberWithTheOrdersSnapshot() throws Exception {
        UUID product = Catalogs.product(jdbc, 1250, 10);
        Api.Response order = paidOrder(product, 2);
        String number = order.text("orderNumber");

        JsonNode fulfillment = awaitFulfillment(order, "submitted");

        assertThat(printful.orders()).filteredOn(o -> number.equals(o.externalId())).hasSize(1);
        JsonNode atPrintful = tools.jackson.databind.json.JsonMapper.builder().build().readTree(printful.orderJson("@" + number));
        assertThat(atPrintful.path("status").asString()).isEqualTo("pending");
        assertThat(atPrintful.path("recipient").path("name").asString()).isEqualTo("Alice Example");
        assertThat(atPrintful.path("recipient").path("country_code").asString()).isEqualTo("GB");
        assertThat(atPrintful.path("items").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(atPrintful.path("items").get(0).path("sync_variant_id").asLong()).isEqualTo(PrintfulSimulator.MUG_CLASSIC);
        assertThat(atPrintful.path("items").get(0).path("retail_price").asString()).isEqualTo("12.50");
        assertThat(atPrintful.path("retail_costs").path("currency").asString()).isEqualTo("GBP");
        assertThat(atPrintful.path("retail_costs").path("subtotal").asString()).isEqualTo("25.00");
        assertThat(atPrintful.path("retail_costs").path("shipping").asString()).isEqualTo("4.99");
        assertThat(atPrintful.path("retail_costs").path("total").asString()).isEqualTo("29.99");
        assertThat(fulfillment.path("provider").asString()).isEqualTo("printful");
        assertThat(fulfillment.path("externalId").asString()).isEqualTo(number);
        assertThat(fulfillment.path("providerOrderId").asLong()).isEqualTo(atPrintful.path("id").asLong());
        assertThat(fulfillment.path("lastError").isNull()).isTrue();
        JsonNode admin = admin(order);
        assertThat(admin.path("fulfillmentStatus").asString()).isEqualTo("submitted");
        assertThat(types(admin)).contains("fulfillment_queued", "fulfillment_submitted");
        assertThat(admin.path("needsAttention").asBoolean()).isFalse();
    }

    @Test
    void packagesBecomeShipmentsOnceEachAndTheStatusNeverGoesBack() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 10);
        Api.Response order = paidOrder(product, 3);
        String ref = "@" + order.text("orderNumber");
        awaitFulfillment(order, "submitted");
        printful.faults().webhookDuplicateRate(1.0);

        printful.startProduction(ref);
        awaitFulfillment(order, "in_production");
        String line = order.text("orderNumber") + "-1";
        printful.ship(ref, new PrintfulSimulator.Package("Royal Mail", "Tracked 48", "RM-1", "https://track.example/RM-1",
                List.of(PrintfulSimulator.PackageItem.byExternalId(line, 1))));
        awaitFulfillment(order, "partially_shipped");
        printful.ship(ref, new PrintfulSimulator.Package("Royal Mail", "Tracked 48", "RM-1", "https://track.example/RM-1",
                List.of()));
        printful.ship(ref, PrintfulSimulator.Package.of("DPD", "Next day", "DPD-2", "https://track.example/DPD-2"));
        JsonNode shipped = awaitFulfillment(order, "shipped");
        awaitInboxDone();

        assertThat(shipped.path("shipments")).hasSize(2);
        assertThat(shipped.path("shipments").get(0).path("trackingNumber").asString()).isEqualTo("RM-1");
        assertThat(shipped.path("shipments").get(0).path("items").get(0).path("quantity").asInt()).isEqualTo(1);
        assertThat(shipped.path("shipments").get(1).path("trackingNumber").asString()).isEqualTo("DPD-2");
        assertThat(shipped.path("shipments").get(1).path("items").get(0).path("quantity").asInt()).isEqualTo(2);

        // Every stored Printful notice of this order again, oldest first (an order_updated of production among them):
        // nothing moves back, nothing is added.
        for (Long id : jdbc.sql("select id from webhook_events where source = 'printful' and object_id = :ref order by id")
                .param("ref", order.text("orderNumber")).query(Long.class).list()) {
            assertThat(api.postAsAdmin("/api/admin/webhook-events/" + id + "/replay", Map.of()).status()).isEqualTo(200);
        }
        JsonNode after = admin(order);
        assertThat(after.path("fulfillmentStatus").asString()).isEqualTo("shipped");
        assertThat(after.path("fulfillments").get(0).path("shipments")).hasSize(2);
        assertThat(types(after).stream().filter("shipment_sent"::equals)).hasSize(2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(notifications(order, "shipping_confirmation"))
                .isEqualTo(2));
        JsonNode customer = api.get("/api/orders/by-payment-intent/" + order.text("paymentIntentId")).json();
        assertThat(customer.path("fulfillmentStatus").asString()).isEqualTo("shipped");
        assertThat(customer.path("shipments").get(1).path("trackingUrl").asString())
                .isEqualTo("https://track.example/DPD-2");
    }

    @Test
    void theLiveStatusStreamSendsTheFulfillmentStatusAndTrackingLinks() throws Exception {
        Api.Response order = paidOrder(Catalogs.product(jdbc, 1000, 10), 1);
        awaitFulfillment(order, "submitted");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + environment.getProperty("local.server.port") + "/api/orders/"
                        + order.text("orderId") + "/sync-status")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> stream.body().filter(line -> line.startsWith("data:"))
                .forEach(line -> events.add(line.substring(5))));
        reader.setDaemon(true);
        reader.start();
        assertThat(events.poll(10, TimeUnit.SECONDS)).contains("\"fulfillmentStatus\":\"submitted\"")
                .contains("\"tracking\":[]");

        printful.ship("@" + order.text("orderNumber"),
                PrintfulSimulator.Package.of("UPS", "Standard", "1Z999", "https://track.example/1Z999"));

        String shipped = null;
        for (String event = events.poll(15, TimeUnit.SECONDS); event != null; event = events.poll(15, TimeUnit.SECONDS)) {
            if (event.contains("\"fulfillmentStatus\":\"shipped\"") && event.contains("1Z999")) {
                shipped = event;
                break;
            }
        }
        assertThat(shipped).isNotNull().contains("\"trackingUrl\":\"https://track.example/1Z999\"")
                .contains("\"carrier\":\"UPS\"");
        stream.body().close();
    }

    @Test
    void aProductWithoutAVariantBlocksUntilTheAdminSetsOneThenItIsSubmitted() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 10, null);
        Api.Response order = paidOrder(product, 1);

        JsonNode blocked = awaitFulfillment(order, "blocked");
        JsonNode admin = admin(order);
        String sku = "TEST-" + product;
        assertThat(admin.path("attentionReasons").valueStream().map(JsonNode::asString)).contains("fulfillment_blocked");
        assertThat(blocked.path("blockedSkus").valueStream().map(JsonNode::asString)).containsExactly(sku);
        Api.Response stillBlocked = api.postAsAdmin("/api/admin/orders/" + order.text("orderId") + "/fulfillment/retry",
                Map.of());
        assertThat(stillBlocked.status()).isEqualTo(409);
        assertThat(stillBlocked.text("code")).isEqualTo("fulfillment_not_retryable");
        assertThat(stillBlocked.text("detail")).contains(sku);
        assertThat(printful.orders()).noneMatch(o -> order.text("orderNumber").equals(o.externalId()));

        Api.Response fixed = api.putAsAdmin("/api/admin/products/" + product, Map.of("sku", sku, "name", "Test product",
                "unitAmount", 1000, "currency", "gbp", "printfulVariantId", Catalogs.MUG_VARIANT));
        assertThat(fixed.status()).isEqualTo(200);

        awaitFulfillment(order, "submitted");
        assertThat(printful.orders()).filteredOn(o -> order.text("orderNumber").equals(o.externalId())).hasSize(1);
        JsonNode after = admin(order);
        assertThat(after.path("needsAttention").asBoolean()).isFalse();
        assertThat(types(after)).contains("fulfillment_blocked", "fulfillment_resubmitted", "flag_cleared");
        Api.Response notRetryable = api.postAsAdmin("/api/admin/orders/" + order.text("orderId")
                + "/fulfillment/retry", Map.of());
        assertThat(notRetryable.status()).isEqualTo(409);
        assertThat(notRetryable.text("code")).isEqualTo("fulfillment_not_retryable");
    }

    @Test
    void aCreateWhoseAnswerWasLostIsReadBackNotRepeated() throws Exception {
        // Every create's answer is lost: only reading the order back can ever make it submitted.
        printful.faults().answerLostRate(1.0);
        Api.Response order = paidOrder(Catalogs.product(jdbc, 1000, 10), 1);

        JsonNode fulfillment = awaitFulfillment(order, "submitted");

        // The worker's retry read the order back (order_created for a pending fulfillment prompts no read of its own).
        assertThat(fulfillment.path("attempts").asInt()).as("one create, then one read").isEqualTo(2);
        assertThat(fulfillment.path("lastError").isNull()).isTrue();
        assertThat(printful.orders()).filteredOn(o -> order.text("orderNumber").equals(o.externalId())).singleElement()
                .satisfies(o -> assertThat(fulfillment.path("providerOrderId").asLong()).isEqualTo(o.id()));
        assertThat(printful.faults().injected(dev.checkstand.simulator.printful.PrintfulFaults.ANSWERS_LOST))
                .isPositive();
    }

    @Test
    void costsStillBeingCalculatedIsRetriedAndTheDraftConfirmed() throws Exception {
        printful.faults().costsCalculating(2);
        Api.Response order = paidOrder(Catalogs.product(jdbc, 1000, 10), 1);

        JsonNode fulfillment = awaitFulfillment(order, "submitted");

        assertThat(printful.status("@" + order.text("orderNumber"))).isEqualTo("pending");
        assertThat(printful.orders()).filteredOn(o -> order.text("orderNumber").equals(o.externalId())).hasSize(1);
        assertThat(fulfillment.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(printful.faults().injected(dev.checkstand.simulator.printful.PrintfulFaults.COSTS_CALCULATING))
                .isEqualTo(2);
    }

    @Test
    void aProviderThatKeepsFailingLeavesTheFulfillmentFailedAndFlaggedAndAnAdminRetrySubmitsIt() throws Exception {
        printful.faults().apiErrorRate(1.0);
        Api.Response order = paidOrder(Catalogs.product(jdbc, 1000, 10), 1);

        JsonNode failed = awaitFulfillment(order, "failed");
        assertThat(failed.path("attempts").asInt()).isEqualTo(10);
        assertThat(failed.path("lastError").asString()).contains("Printful 500");
        assertThat(admin(order).path("attentionReasons").valueStream().map(JsonNode::asString))
                .contains("fulfillment_failed");

        printful.faults().apiErrorRate(0);
        assertThat(api.postAsAdmin("/api/admin/orders/" + order.text("orderId") + "/fulfillment/retry", Map.of())
                .status()).isEqualTo(200);
        awaitFulfillment(order, "submitted");
        assertThat(admin(order).path("needsAttention").asBoolean()).isFalse();
        assertThat(printful.orders()).filteredOn(o -> order.text("orderNumber").equals(o.externalId())).hasSize(1);
    }

    @Test
    void aFullRefundBeforeProductionCancelsThePrintfulOrderAndAfterItFlagsTheOrder() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 10);
        Api.Response early = paidOrder(product, 1);
        Api.Response late = paidOrder(product, 1);
        awaitFulfillment(early, "submitted");
        awaitFulfillment(late, "submitted");
        printful.startProduction("@" + late.text("orderNumber"));
        awaitFulfillment(late, "in_production");

        assertThat(refundAll(early).status()).isEqualTo(201);
        assertThat(refundAll(late).status()).isEqualTo(201);

        awaitFulfillment(early, "canceled");
        assertThat(printful.status("@" + early.text("orderNumber"))).isEqualTo("canceled");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(admin(late).path("attentionReasons").valueStream()
                .map(JsonNode::asString)).contains("refunded_after_production"));
        assertThat(printful.status("@" + late.text("orderNumber"))).isEqualTo("inprocess");
        assertThat(admin(late).path("fulfillmentStatus").asString()).isEqualTo("in_production");
    }

    @Test
    void aFullRefundWhileTheSubmissionIsUnderWayCancelsWhatTheSubmissionCreated() throws Exception {
        printful.faults().latency(Duration.ofSeconds(2));
        Api.Response order = paidOrder(Catalogs.product(jdbc, 1000, 10), 1);
        await().atMost(PATIENCE).until(() -> jdbc.sql("select attempts from fulfillments where order_id = :id")
                .param("id", UUID.fromString(order.text("orderId"))).query(Integer.class).optional().orElse(0) >= 1);

        assertThat(refundAll(order).status()).isEqualTo(201);

        awaitFulfillment(order, "canceled");
        assertThat(printful.status("@" + order.text("orderNumber"))).isEqualTo("canceled");
        JsonNode admin = admin(order);
        assertThat(admin.path("needsAttention").asBoolean()).isFalse();
        assertThat(admin.path("fulfillments").get(0).path("providerStatus").asString()).isEqualTo("canceled");
    }

    @Test
    void aDraftReadBecauseOfAWebhookIsStillConfirmed() throws Exception {
        printful.faults().costsCalculatingFor(Duration.ofHours(1));
        Api.Response order = paidOrder(Catalogs.product(jdbc, 1000, 10), 1);
        String number = order.text("orderNumber");
        await().atMost(PATIENCE).until(() -> jdbc.sql("select attempts from fulfillments where order_id = :id")
                .param("id", UUID.fromString(order.text("orderId"))).query(Integer.class).optional().orElse(0) >= 2);
        assertThat(printful.status("@" + number)).isEqualTo("draft");

        String notice = "{\"type\":\"order_updated\",\"created\":" + java.time.Instant.now().getEpochSecond()
                + ",\"retries\":0,\"store\":" + printful.storeId() + ",\"data\":{\"order\":"
                + printful.orderJson("@" + number) + "}}";
        String path = URI.create(printful.webhookUrl()).getPath();
        assertThat(api.postRaw(path, notice, Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
        awaitInboxDone();
        assertThat(admin(order).path("fulfillments").get(0).path("status").asString()).isEqualTo("pending");

        printful.faults().costsCalculatingFor(Duration.ZERO);
        awaitFulfillment(order, "submitted");
        assertThat(printful.status("@" + number)).isEqualTo("pending");
    }

    @Test
    void aWebhookWithTheWrongSecretIsNotFoundAndNothingIsStored() {
        long before = jdbc.sql("select count(*) from webhook_events where source = 'printful'").query(Long.class).single();
        String body = "{\"type\":\"order_updated\",\"created\":1700000000,\"retries\":0,\"store\":1,\"data\":{\"order\":{\"id\":1,\"external_id\":\"CS-X\"}}}";

        Api.Response wrong = api.postRaw("/api/printful/webhook/not-the-secret", body, Map.of());
        Api.Response none = api.postRaw("/api/printful/webhook/", body, Map.of());

        assertThat(wrong.status()).isEqualTo(404);
        assertThat(none.status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from webhook_events where source = 'printful'").query(Long.class).single())
                .isEqualTo(before);
    }

    private Api.Response paidOrder(UUID product, int quantity) throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, quantity));
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .json().path("success").asBoolean()).isTrue();
        return checkout;
    }

    private Api.Response refundAll(Api.Response order) {
        return api.postRaw("/api/admin/orders/" + order.text("orderId") + "/refunds", "{}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Authorization", api.adminAuthorization()));
    }

    private JsonNode admin(Api.Response order) {
        return api.getAsAdmin("/api/admin/orders/" + order.text("orderId")).json();
    }

    // The order's fulfillment once it has reached {@code status}, agreeing with the order's fulfillmentStatus.
    private JsonNode awaitFulfillment(Api.Response order, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode admin = admin(order);
            assertThat(admin.path("fulfillments").get(0).path("status").asString()).isEqualTo(status);
            assertThat(admin.path("fulfillmentStatus").asString()).isEqualTo(status);
        });
        return admin(order).path("fulfillments").get(0);
    }

    private void awaitInboxDone() {
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                select count(*) from webhook_events where source = 'printful' and status not in ('processed', 'ignored')""")
                .query(Long.class).single() == 0);
    }

    private long notifications(Api.Response order, String kind) {
        return jdbc.sql("select count(*) from notifications where order_id = :id and kind = :kind")
                .param("id", UUID.fromString(order.text("orderId"))).param("kind", kind).query(Long.class).single();
    }

    private static List<String> types(JsonNode admin) {
        return admin.path("timeline").valueStream().map(entry -> entry.path("type").asString()).toList();
    }
}
