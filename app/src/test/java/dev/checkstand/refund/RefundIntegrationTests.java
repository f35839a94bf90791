package dev.checkstand.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.Refund;
import com.stripe.param.RefundListParams;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CheckstandIntegrationTest
class RefundIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    StripeClient stripe;
    UUID product;

    @BeforeEach
    void setUp() {
        stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
        product = Catalogs.product(jdbc, 1000, 50);
    }

    @AfterEach
    void tearDown() {
        simulator.faults().reset();
    }

    @Test
    void fullRefundWithoutAmountIsIdempotentByKey() throws Exception {
        Api.Response order = paidOrder(2, "pm_card_visa");

        Api.Response refund = refund(order, "k1", Map.of());
        Api.Response again = refund(order, "k1", Map.of());
        Api.Response reused = refund(order, "k1", Map.of("amount", 100));
        Api.Response nothingLeft = refund(order, "k2", Map.of());
        Api.Response noKey = api.postAsAdmin("/api/admin/orders/" + order.text("orderId") + "/refunds", "{}");

        assertThat(refund.status()).isEqualTo(201);
        assertThat(refund.text("stripeRefundId")).startsWith("re_");
        assertThat(refund.json().path("amount").asLong()).isEqualTo(2499);
        assertThat(refund.text("source")).isEqualTo("admin");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(refund.text("id"));
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.text("code")).isEqualTo("idempotency_key_reused");
        assertThat(nothingLeft.status()).isEqualTo(422);
        assertThat(nothingLeft.text("code")).isEqualTo("refund_exceeds_refundable");
        assertThat(nothingLeft.json().path("refundable").asLong()).isZero();
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.text("code")).isEqualTo("idempotency_key_required");
        JsonNode admin = admin(order);
        assertThat(admin.path("paymentStatus").asString()).isEqualTo("refunded");
        assertThat(admin.path("amountRefunded").asLong()).isEqualTo(2499);
        assertThat(types(admin)).containsSubsequence("paid", "refund_requested", "refund_created", "refund_succeeded");
        assertThat(stripeRefunds(order)).hasSize(1);
    }

    @Test
    void unpaidOrderIsNotRefundableAndStripeIsNotCalled() {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        long calls = refundCalls();

        Api.Response response = refund(checkout, "k", Map.of("amount", 100));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text("code")).isEqualTo("order_not_refundable");
        assertThat(refundCalls()).isEqualTo(calls);
    }

    @Test
    void manyPartialRefundsAreAllRecordedAndShowAsPartiallyRefunded() throws Exception {
        Api.Response order = paidOrder(3, "pm_card_visa");

        for (int i = 0; i < 4; i++) {
            assertThat(refund(order, "part-" + i, Map.of("amount", 300)).status()).isEqualTo(201);
        }

        JsonNode admin = admin(order);
        assertThat(admin.path("paymentStatus").asString()).isEqualTo("partially_refunded");
        assertThat(admin.path("amountRefunded").asLong()).isEqualTo(1200);
        assertThat(admin.path("refunds").size()).isEqualTo(4);
        assertThat(stripeRefunds(order).stream().mapToLong(Refund::getAmount).sum()).isEqualTo(1200);
    }

    @Test
    void twentyConcurrentRefundsAskingForTwiceThePaymentNeverExceedIt() throws Exception {
        Api.Response order = paidOrder(2, "pm_card_visa");
        long received = 2499;
        AtomicInteger keys = new AtomicInteger();

        List<Api.Response> responses = Race.of(20,
                () -> refund(order, "race-" + keys.incrementAndGet(), Map.of("amount", received / 10)));

        assertThat(responses).extracting(Api.Response::status).containsOnly(201, 422);
        long created = responses.stream().filter(r -> r.status() == 201).mapToLong(r -> r.json().path("amount").asLong()).sum();
        assertThat(created).isLessThanOrEqualTo(received);
        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(10);
        // A refund may be answered while its Stripe call is still to be made or recorded (its own call's claim lost to
        // the recovery job, or Stripe's answer recorded by its webhook first): Stripe and the order catch up, and
        // neither ever holds more than the accepted requests.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            long atStripe = stripeRefunds(order).stream().mapToLong(Refund::getAmount).sum();
            long onOrder = admin(order).path("amountRefunded").asLong();
            assertThat(atStripe).isLessThanOrEqualTo(created);
            assertThat(onOrder).isLessThanOrEqualTo(atStripe);
            assertThat(atStripe).isEqualTo(created);
            assertThat(onOrder).isEqualTo(atStripe);
        });
    }

    @Test
    void oneKeyFromTenThreadsMakesOneRefund() throws Exception {
        Api.Response order = paidOrder(1, "pm_card_visa");

        List<Api.Response> responses = Race.of(10, () -> refund(order, "same", Map.of("amount", 500)));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(9);
        assertThat(responses).extracting(r -> r.text("id")).containsOnly(responses.get(0).text("id"));
        assertThat(stripeRefunds(order)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from refunds where order_id = :id").param("id", orderId(order))
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void dashboardRefundIsRecordedWithSourceStripeAndLimitsWhatIsRefundable() throws Exception {
        Api.Response order = paidOrder(1, "pm_card_visa");

        String dashboard = simulator.refundInDashboard(order.text("paymentIntentId"), 600);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                "select source from refunds where stripe_refund_id = :id").param("id", dashboard).query(String.class)
                .optional()).contains("stripe"));
        Api.Response tooMuch = refund(order, "after-dashboard", Map.of("amount", 1000));
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.json().path("refundable").asLong()).isEqualTo(1499 - 600);
        assertThat(admin(order).path("amountRefunded").asLong()).isEqualTo(600);
    }

    @Test
    void dashboardRefundRacingAnAdminRefundKeepsTheBooksEqualToStripe() throws Exception {
        Api.Response order = paidOrder(1, "pm_card_visa");

        List<Object> results = Race.of(2, new java.util.concurrent.Callable<Object>() {
            final AtomicInteger turn = new AtomicInteger();

            @Override
            public Object call() {
                if (turn.getAndIncrement() == 0) {
                    return simulator.refundInDashboard(order.text("paymentIntentId"), 1000);
                }
                return refund(order, "racing", Map.of("amount", 1000));
            }
        });

        assertThat(results).hasSize(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            long atStripe = stripeRefunds(order).stream().filter(r -> !"failed".equals(r.getStatus()))
                    .mapToLong(Refund::getAmount).sum();
            assertThat(admin(order).path("amountRefunded").asLong()).isEqualTo(atStripe);
            assertThat(atStripe).isLessThanOrEqualTo(1499);
            assertThat(jdbc.sql("select count(*) from refunds where order_id = :id and status = 'creating'")
                    .param("id", orderId(order)).query(Long.class).single()).isZero();
        });
    }

    @Test
    void refundThatFailsLaterGivesItsAmountBack() throws Exception {
        Api.Response order = paidOrder(1, "pm_card_refundAsyncFails");
        Api.Response refund = refund(order, "fails-later", Map.of("amount", 1000));
        assertThat(refund.status()).isEqualTo(201);

        simulator.failRefund(refund.text("stripeRefundId"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                "select status from refunds where id = :id").param("id", UUID.fromString(refund.text("id")))
                .query(String.class).single()).isEqualTo("failed"));
        JsonNode admin = admin(order);
        assertThat(admin.path("amountRefunded").asLong()).isZero();
        assertThat(admin.path("attentionReasons").valueStream().map(JsonNode::asString)).contains("refund_failed");
        assertThat(types(admin)).contains("refund_failed");
        assertThat(refund(order, "after-failure", Map.of("amount", 1499)).status()).isEqualTo(201);
    }

    @Test
    void ambiguousAnswerIsRecoveredWithTheSameKeyAndEventsInAnyOrderChangeNothing() throws Exception {
        Api.Response order = paidOrder(1, "pm_card_visa");
        simulator.faults().answerLost("POST /v1/refunds", 3);
        // Stripe's refund.created would race the answer; it is delivered below, after the recovery, out of order.
        simulator.setWebhookDeliveryEnabled(false);
        Api.Response pending;
        try {
            pending = refund(order, "lost-answer", Map.of("amount", 700));
        } finally {
            simulator.setWebhookDeliveryEnabled(true);
        }

        assertThat(pending.status()).isEqualTo(201);
        assertThat(pending.text("status")).isEqualTo("creating");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                "select status from refunds where id = :id").param("id", UUID.fromString(pending.text("id")))
                .query(String.class).single()).isEqualTo("succeeded"));
        assertThat(stripeRefunds(order)).hasSize(1);
        String succeeded = stripe.v1().refunds().retrieve(stripeRefunds(order).get(0).getId()).getLastResponse().body();
        deliver("refund.created", succeeded.replace("\"status\": \"succeeded\"", "\"status\": \"pending\"")
                .replace("\"status\":\"succeeded\"", "\"status\":\"pending\""));
        deliver("refund.updated", succeeded);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from webhook_events where status = 'received'").query(Long.class).single()).isZero());
        assertThat(jdbc.sql("select status from refunds where order_id = :id")
                .param("id", UUID.fromString(order.text("orderId"))).query(String.class).list()).containsExactly("succeeded");
        assertThat(refund(order, "lost-answer", Map.of("amount", 700)).text("stripeRefundId"))
                .isEqualTo(stripeRefunds(order).get(0).getId());
        assertThat(admin(order).path("amountRefunded").asLong()).isEqualTo(700);
    }

    @Test
    void refundEventsDeliveredTwiceAndOutOfOrderGiveTheSameBooks() throws Exception {
        Api.Response order = paidOrder(1, "pm_card_visa");
        simulator.setWebhookDeliveryEnabled(false);
        try {
            String id = simulator.refundInDashboard(order.text("paymentIntentId"), 400);
            String succeeded = stripe.v1().refunds().retrieve(id).getLastResponse().body();
            String pending = succeeded.replace("\"status\": \"succeeded\"", "\"status\": \"pending\"")
                    .replace("\"status\":\"succeeded\"", "\"status\":\"pending\"");
            assertThat(pending).isNotEqualTo(succeeded);

            deliver("refund.updated", succeeded);
            deliver("refund.updated", succeeded);
            deliver("refund.created", pending);
            deliver("charge.refund.updated", succeeded);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                    "select count(*) from webhook_events where status = 'received'").query(Long.class).single()).isZero());
            assertThat(jdbc.sql("select status from refunds where stripe_refund_id = :id").param("id", id)
                    .query(String.class).list()).containsExactly("succeeded");
            assertThat(admin(order).path("amountRefunded").asLong()).isEqualTo(400);
            assertThat(types(admin(order)).stream().filter("refund_succeeded"::equals)).hasSize(1);
        } finally {
            simulator.setWebhookDeliveryEnabled(true);
        }
    }

    private void deliver(String type, String refundJson) {
        assertThat(dev.checkstand.support.StripeEvents.deliver(api, dev.checkstand.support.StripeEvents.event(
                dev.checkstand.support.StripeEvents.newEventId(), type, refundJson), simulator.webhookSecret()).status())
                .isEqualTo(200);
    }

    @Test
    void restockIsBoundedBySoldAndNotYetRestocked() throws Exception {
        Api.Response order = paidOrder(3, "pm_card_visa");
        int[] before = Catalogs.stock(jdbc, product);

        Api.Response first = refund(order, "restock-1", Map.of("amount", 200,
                "restockItems", List.of(Map.of("productId", product.toString(), "quantity", 2))));
        Api.Response tooMany = refund(order, "restock-2", Map.of("amount", 200,
                "restockItems", List.of(Map.of("productId", product.toString(), "quantity", 2))));
        Api.Response last = refund(order, "restock-3", Map.of("amount", 200,
                "restockItems", List.of(Map.of("productId", product.toString(), "quantity", 1))));
        Api.Response repeat = refund(order, "restock-3", Map.of("amount", 200,
                "restockItems", List.of(Map.of("productId", product.toString(), "quantity", 1))));

        assertThat(first.status()).isEqualTo(201);
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.text("code")).isEqualTo("restock_exceeds_sold");
        assertThat(last.status()).isEqualTo(201);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(before[0] + 3, before[1]);
        assertThat(jdbc.sql("select status from reservations where order_id = :id").param("id", orderId(order))
                .query(String.class).single()).isEqualTo("restored");
        assertThat(stripeRefunds(order)).hasSize(2);
    }

    private Api.Response paidOrder(int quantity, String paymentMethod) throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, quantity));
        new Browser(simulator.baseUrl(), simulator.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), paymentMethod);
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .json().path("success").asBoolean()).isTrue();
        return checkout;
    }

    private Api.Response refund(Api.Response order, String key, Map<String, ?> body) {
        return api.postRaw("/api/admin/orders/" + order.text("orderId") + "/refunds",
                Api.json(body).toString(), Map.of("Idempotency-Key", key, "Authorization", api.adminAuthorization()));
    }

    private JsonNode admin(Api.Response order) {
        return api.getAsAdmin("/api/admin/orders/" + order.text("orderId")).json();
    }

    private List<Refund> stripeRefunds(Api.Response order) throws Exception {
        List<Refund> refunds = new ArrayList<>();
        stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(order.text("paymentIntentId")).build())
                .autoPagingIterable().forEach(refunds::add);
        return refunds;
    }

    private long refundCalls() {
        return simulator.apiCallCounts().getOrDefault("POST /v1/refunds", 0L);
    }

    private static List<String> types(JsonNode admin) {
        return admin.path("timeline").valueStream().map(e -> e.path("type").asString()).toList();
    }

    private static UUID orderId(Api.Response order) {
        return UUID.fromString(order.text("orderId"));
    }
}
