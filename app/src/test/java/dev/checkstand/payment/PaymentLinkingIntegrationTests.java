package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.StripeEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@CheckstandIntegrationTest
class PaymentLinkingIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    PaymentTransition transition;

    @Autowired
    PaymentAttempts attempts;

    @Autowired
    TransactionTemplate transactions;

    StripeClient stripe;

    @BeforeEach
    void setUp() {
        stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
        simulator.setWebhookDeliveryEnabled(false);
    }

    @AfterEach
    void tearDown() {
        simulator.setWebhookDeliveryEnabled(true);
    }

    @Test
    void aBatchsAttemptsAndOrdersAreLockedAheadAndEachAttemptIsHandedOutOnceAsRead() throws Exception {
        UUID product = Catalogs.product(jdbc, 900, 10);
        Api.Response first = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        Api.Response second = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        String firstPi = first.text("paymentIntentId");
        String secondPi = second.text("paymentIntentId");
        UUID[] orders = {UUID.fromString(first.text("orderId")), UUID.fromString(second.text("orderId"))};

        transactions.executeWithoutResult(tx -> {
            transition.lockAhead(List.of(firstPi, secondPi, "pi_no_attempt_knows"));
            // Locked against every other transaction: attempts and orders alike.
            assertThat(lockableElsewhere("payment_attempts", "order_id", orders)).isZero();
            assertThat(lockableElsewhere("orders", "id", orders)).isZero();
            // Changed behind the repository's back in this transaction: the attempt is handed out as it was locked,
            // without reading it again, once; asked for again, it is read.
            behind(firstPi, "first behind");
            assertThat(attempts.lockByPaymentIntentId(firstPi).orElseThrow().lastFailure()).isNull();
            assertThat(attempts.lockByPaymentIntentId(firstPi).orElseThrow().lastFailure()).isEqualTo("first behind");
            // Written through the repository, the kept attempt is forgotten: the next lock reads it.
            PaymentAttempt kept = attempts.byPaymentIntentId(secondPi).orElseThrow();
            assertThat(attempts.linkPaymentIntent(kept.id(), secondPi, null, "creating", Instant.now())).isTrue();
            behind(secondPi, "second behind");
            assertThat(attempts.lock(kept.id()).orElseThrow().lastFailure()).isEqualTo("second behind");
            tx.setRollbackOnly();
        });
    }

    @Test
    void changesOfLockedAttemptsAreMadeTogetherBeforeTheCommitAndFirstByWhateverReadsAttempts() throws Exception {
        UUID product = Catalogs.product(jdbc, 900, 10);
        String first = api.post("/api/create-payment-intent", Checkouts.of(product, 1)).text("paymentIntentId");
        String second = api.post("/api/create-payment-intent", Checkouts.of(product, 1)).text("paymentIntentId");
        PaymentAttempt.Status was = attempts.byPaymentIntentId(first).orElseThrow().status();

        transactions.executeWithoutResult(tx -> {
            PaymentAttempt one = attempts.lockByPaymentIntentId(first).orElseThrow();
            PaymentAttempt two = attempts.lockByPaymentIntentId(second).orElseThrow();
            // The first changes twice, the second once: nothing is written yet.
            attempts.saveLocked(change(one, was, PaymentAttempt.Status.PROCESSING, null), Instant.now());
            attempts.saveLocked(change(one, PaymentAttempt.Status.PROCESSING, PaymentAttempt.Status.FAILED, "declined"),
                    Instant.now());
            attempts.saveLocked(change(two, was, PaymentAttempt.Status.PROCESSING, null), Instant.now());
            assertThat(statusInTable(first) + " " + statusInTable(second)).isEqualTo(was.wire() + " " + was.wire());
            // Read through the repository: made first, in the order they were made.
            assertThat(attempts.byPaymentIntentId(first).orElseThrow().lastFailure()).isEqualTo("declined");
            assertThat(statusInTable(first) + " " + statusInTable(second)).isEqualTo("failed processing");
            attempts.saveLocked(change(two, PaymentAttempt.Status.PROCESSING, PaymentAttempt.Status.SUCCEEDED, null),
                    Instant.now());
        });
        assertThat(statusInTable(first) + " " + statusInTable(second)).isEqualTo("failed succeeded");

        // A change decided from a status its attempt is not in fails the commit: nothing of the transaction is kept.
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            PaymentAttempt one = attempts.lockByPaymentIntentId(first).orElseThrow();
            attempts.saveLocked(change(one, PaymentAttempt.Status.SUCCEEDED, PaymentAttempt.Status.DUPLICATE, null),
                    Instant.now());
            behind(first, "kept only if the transaction commits");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("left the status");
        assertThat(statusInTable(first)).isEqualTo("failed");
        assertThat(attempts.byPaymentIntentId(first).orElseThrow().lastFailure()).isEqualTo("declined");
    }

    private static PaymentAttempt.Change change(PaymentAttempt attempt, PaymentAttempt.Status from,
            PaymentAttempt.Status to, String failure) {
        return new PaymentAttempt.Change(attempt.id(), from, to, null, failure, null);
    }

    private String statusInTable(String paymentIntentId) {
        return jdbc.sql("select status from payment_attempts where payment_intent_id = :pi")
                .param("pi", paymentIntentId).query(String.class).single();
    }

    // Writes the attempt's last failure with plain SQL, in the caller's transaction.
    private void behind(String paymentIntentId, String failure) {
        jdbc.sql("update payment_attempts set last_failure = :failure where payment_intent_id = :pi")
                .param("failure", failure).param("pi", paymentIntentId).update();
    }

    // How many of the orders' rows in the table another transaction could lock now.
    private long lockableElsewhere(String table, String orderColumn, UUID[] orders) {
        return CompletableFuture.supplyAsync(() -> jdbc.sql("select count(*) from (select 1 from " + table
                        + " where " + orderColumn + " = any(:orders) for update skip locked) t")
                .param("orders", orders).query(Long.class).single()).join();
    }

    @Test
    void succeededPaymentMatchingNoOrderIsRecordedAsOrphaned() throws Exception {
        PaymentIntent paid = payDirectly(Map.of());

        assertThat(StripeEvents.deliver(api, succeededEvent(paid), simulator.webhookSecret()).status()).isEqualTo(200);

        await().untilAsserted(() -> assertThat(jdbc.sql("select amount_received from orphaned_payments where payment_intent_id = :pi")
                .param("pi", paid.getId()).query(Long.class).optional()).contains(4200L));
        Api.Response orphans = api.getAsAdmin("/api/admin/orphaned-payments");
        assertThat(orphans.json().valueStream().map(o -> o.path("paymentIntentId").asString())).contains(paid.getId());
        assertThat(api.getAsAdmin("/api/admin/orphaned-payments").status()).isEqualTo(200);
        assertThat(api.get("/api/admin/orphaned-payments").status()).isEqualTo(401);
    }

    @Test
    void paymentIntentWhoseMetadataNamesAKnownOrderIsLinkedToIt() throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.oneMugToLondon(jdbc).body());
        PaymentIntent paid = payDirectly(Map.of("order_id", checkout.text("orderId")), 1499);

        StripeEvents.deliver(api, succeededEvent(paid), simulator.webhookSecret());

        await().untilAsserted(() -> assertThat(orderStatus(checkout)).isEqualTo("paid"));
        assertThat(jdbc.sql("select count(*) from payment_attempts where order_id = :id")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select order_id from payment_attempts where payment_intent_id = :pi").param("pi", paid.getId())
                .query(UUID.class).single()).isEqualTo(UUID.fromString(checkout.text("orderId")));
    }

    @Test
    void eventInAnOlderApiVersionIsReReadFromStripeBeforeActing() throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.oneMugToLondon(jdbc).body());
        new Browser(simulator.baseUrl(), simulator.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        String oldShape = "{\"id\":\"" + checkout.text("paymentIntentId") + "\",\"object\":\"payment_intent\","
                + "\"status\":\"succeeded\",\"charges\":{\"object\":\"list\",\"data\":[]}}";
        long retrievesBefore = retrieves();

        StripeEvents.deliver(api, StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", oldShape,
                "2019-02-19"), simulator.webhookSecret());

        await().untilAsserted(() -> assertThat(orderStatus(checkout)).isEqualTo("paid"));
        assertThat(retrieves()).isGreaterThan(retrievesBefore);
        assertThat(jdbc.sql("select amount_paid from orders where id = :id").param("id", UUID.fromString(checkout.text("orderId")))
                .query(Long.class).single()).isEqualTo(1499);
    }

    @Test
    void eventInTheCurrentApiVersionIsAppliedWithoutCallingStripe() throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.oneMugToLondon(jdbc).body());
        PaymentIntent paid = new Browser(simulator.baseUrl(), simulator.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        long retrievesBefore = retrieves();

        StripeEvents.deliver(api, succeededEvent(paid), simulator.webhookSecret());

        await().untilAsserted(() -> assertThat(orderStatus(checkout)).isEqualTo("paid"));
        assertThat(retrieves()).isEqualTo(retrievesBefore);
    }

    @Test
    void adminCanListAndReplayStoredEvents() throws Exception {
        PaymentIntent paid = payDirectly(Map.of());
        String event = succeededEvent(paid);
        StripeEvents.deliver(api, event, simulator.webhookSecret());
        await().untilAsserted(() -> assertThat(api.getAsAdmin("/api/admin/webhook-events?type=payment_intent.succeeded&size=200")
                .json().path("items").valueStream().filter(e -> paid.getId().equals(e.path("objectId").asString()))
                .map(e -> e.path("status").asString())).containsExactly("processed"));
        long id = api.getAsAdmin("/api/admin/webhook-events?type=payment_intent.succeeded&size=200").json().path("items")
                .valueStream().filter(e -> paid.getId().equals(e.path("objectId").asString())).findFirst().orElseThrow()
                .path("id").asLong();

        Api.Response replayed = api.postAsAdmin("/api/admin/webhook-events/" + id + "/replay", "{}");

        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.text("status")).isEqualTo("processed");
        assertThat(replayed.json().path("attempts").asInt()).isEqualTo(1);
        assertThat(api.postAsAdmin("/api/admin/webhook-events/999999999/replay", "{}").status()).isEqualTo(404);
        assertThat(api.getAsAdmin("/api/admin/webhook-events?status=bogus").status()).isEqualTo(400);
    }

    private long retrieves() {
        return simulator.apiCallCounts().getOrDefault("GET /v1/payment_intents/{id}", 0L);
    }

    private PaymentIntent payDirectly(Map<String, String> metadata) throws Exception {
        return payDirectly(metadata, 4200);
    }

    private PaymentIntent payDirectly(Map<String, String> metadata, long amount) throws Exception {
        PaymentIntent created = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(amount).setCurrency("gbp").putAllMetadata(metadata).build());
        return stripe.v1().paymentIntents().confirm(created.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
    }

    private static String succeededEvent(PaymentIntent paid) {
        return StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", paid.getLastResponse().body());
    }

    private String orderStatus(Api.Response checkout) {
        return jdbc.sql("select status from orders where id = :id").param("id", UUID.fromString(checkout.text("orderId")))
                .query(String.class).single();
    }
}
