package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.StripeEvents;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Signed events that can never be processed are dead letters at once; transient failures are retried. */
@CheckstandIntegrationTest
class UnprocessableEventIntegrationTests {

    static final String OLD_API_VERSION = "2019-02-19";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @BeforeEach
    void quietSimulator() {
        simulator.setWebhookDeliveryEnabled(false);
    }

    @AfterEach
    void restoreSimulator() {
        simulator.faults().reset();
        simulator.setWebhookDeliveryEnabled(true);
    }

    @Test
    void paymentIntentEventWithoutAnObjectIdFailsAtOnce() {
        String eventId = deliver("payment_intent.succeeded", "{\"object\":\"payment_intent\",\"status\":\"succeeded\"}");

        assertFailedAtOnce(eventId, "has no id");
    }

    @Test
    void paymentIntentEventAboutAnObjectStripeDoesNotKnowFailsAtOnce() {
        String eventId = deliver("payment_intent.succeeded",
                "{\"id\":\"pi_unknownToStripe000001\",\"object\":\"payment_intent\"}", OLD_API_VERSION);

        assertFailedAtOnce(eventId, "resource_missing");
    }

    @Test
    void checkoutSessionEventAboutASessionStripeDoesNotKnowFailsAtOnce() {
        String eventId = deliver("checkout.session.completed",
                "{\"id\":\"cs_test_unknownToStripe000001\",\"object\":\"checkout.session\"}");

        assertFailedAtOnce(eventId, "resource_missing");
    }

    @Test
    void paymentIntentSucceededCarryingAChargeFailsAtOnce() {
        String eventId = deliver("payment_intent.succeeded", "{\"id\":\"ch_notAPaymentIntent0001\",\"object\":\"charge\","
                + "\"amount\":1499,\"amount_received\":1499,\"currency\":\"gbp\",\"status\":\"succeeded\"}");

        assertFailedAtOnce(eventId, "data.object is a charge, not a payment_intent");
    }

    @Test
    void paymentIntentSucceededCarryingAnArrayFailsAtOnce() {
        String eventId = deliver("payment_intent.succeeded", "[{\"id\":\"pi_inAnArray0000001\"}]");

        assertFailedAtOnce(eventId, "data.object is a JSON array");
    }

    @Test
    void refundEventNamingNoPaymentIntentFailsAtOnce() {
        String eventId = deliver("refund.updated", "{\"id\":\"re_withoutPaymentIntent01\",\"object\":\"refund\"}",
                OLD_API_VERSION);

        assertFailedAtOnce(eventId, "names no PaymentIntent");
    }

    @Test
    void refundEventWithAStatusStripeDoesNotUseFailsAtOnce() {
        String eventId = deliver("refund.updated", "{\"id\":\"re_oddStatus000000001\",\"object\":\"refund\","
                + "\"payment_intent\":\"pi_x\",\"amount\":100,\"currency\":\"gbp\",\"status\":\"reversed\"}");

        assertFailedAtOnce(eventId, "has status reversed, which is not one of Stripe's");
    }

    @Test
    void chargeRefundedCarryingARefundFailsAtOnce() {
        String eventId = deliver("charge.refunded",
                "{\"id\":\"re_notACharge0000001\",\"object\":\"refund\",\"payment_intent\":\"pi_x\"}");

        assertFailedAtOnce(eventId, "data.object is a refund, not a charge");
    }

    @Test
    void eventStripeCannotAnswerForNowIsRetriedUntilItCan() throws Exception {
        PaymentIntent paid = payDirectly();
        simulator.faults().apiErrorRate(1.0);

        String eventId = deliver("payment_intent.succeeded",
                "{\"id\":\"" + paid.getId() + "\",\"object\":\"payment_intent\"}", OLD_API_VERSION);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StoredRow row = row(eventId);
            assertThat(row.status()).isEqualTo("received");
            assertThat(row.lastError()).contains("could not re-read PaymentIntent " + paid.getId());
        });
        simulator.faults().reset();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(row(eventId).status()).isEqualTo("processed"));
        assertThat(row(eventId).attempts()).isGreaterThan(1);
    }

    @Test
    void adminReplayOfADeadLetterProcessesItAgain() {
        String eventId = deliver("payment_intent.succeeded",
                "{\"id\":\"pi_unknownToStripe000002\",\"object\":\"payment_intent\"}", OLD_API_VERSION);
        assertFailedAtOnce(eventId, "resource_missing");
        long retrievesBefore = retrieves();
        java.sql.Timestamp failedAt = processedAt(eventId);

        Api.Response replayed = api.postAsAdmin("/api/admin/webhook-events/" + row(eventId).id() + "/replay", "{}");

        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.text("status")).isEqualTo("failed");
        assertThat(replayed.json().path("attempts").asInt()).isEqualTo(1);
        assertThat(replayed.text("lastError")).contains("resource_missing");
        assertThat(processedAt(eventId)).isAfter(failedAt);
        assertThat(retrieves()).isGreaterThan(retrievesBefore);
    }

    private void assertFailedAtOnce(String eventId, String reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(row(eventId).status()).isEqualTo("failed"));
        StoredRow row = row(eventId);
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).startsWith("UnprocessableEvent: ").contains(reason);
    }

    private String deliver(String type, String objectJson) {
        return deliver(type, objectJson, StripeEvents.CURRENT_API_VERSION);
    }

    private String deliver(String type, String objectJson, String apiVersion) {
        String eventId = StripeEvents.newEventId();
        Api.Response response = StripeEvents.deliver(api, StripeEvents.event(eventId, type, objectJson, apiVersion),
                simulator.webhookSecret());
        assertThat(response.status()).isEqualTo(200);
        return eventId;
    }

    private StoredRow row(String eventId) {
        return jdbc.sql("select id, status, attempts, last_error from webhook_events where event_id = :eventId")
                .param("eventId", eventId)
                .query((rs, n) -> new StoredRow(rs.getLong("id"), rs.getString("status"), rs.getInt("attempts"),
                        rs.getString("last_error")))
                .single();
    }

    private java.sql.Timestamp processedAt(String eventId) {
        return jdbc.sql("select processed_at from webhook_events where event_id = :eventId").param("eventId", eventId)
                .query(java.sql.Timestamp.class).single();
    }

    private long retrieves() {
        return simulator.apiCallCounts().getOrDefault("GET /v1/payment_intents/{id}", 0L);
    }

    private PaymentIntent payDirectly() throws Exception {
        StripeClient stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl())
                .build();
        PaymentIntent created = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(4200L).setCurrency("gbp").build());
        return stripe.v1().paymentIntents().confirm(created.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
    }

    record StoredRow(long id, String status, int attempts, String lastError) {
    }
}
