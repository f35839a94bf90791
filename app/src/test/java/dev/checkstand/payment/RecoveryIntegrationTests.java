package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import dev.checkstand.checkout.ReservationExpiry;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Stripe applied the create but its answer was lost: the attempt is left 'creating' and recovery finishes it. */
@CheckstandIntegrationTest
class RecoveryIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    ReservationExpiry expiry;

    @AfterEach
    void tearDown() {
        simulator.faults().reset();
    }

    @Test
    void attemptLeftCreatingByALostAnswerIsFinishedWithTheSameKey() {
        var oneMug = Checkouts.oneMugToLondon(jdbc);
        int createdBefore = simulator.eventIds("payment_intent.created").size();
        simulator.faults().answerLost("POST /v1/payment_intents", 3);

        Api.Response lost = api.post("/api/create-payment-intent", oneMug.body());

        assertThat(lost.status()).isEqualTo(503);
        assertThat(lost.text("code")).isEqualTo("payment_provider_unavailable");
        assertThat(simulator.eventIds("payment_intent.created")).hasSize(createdBefore + 1);
        UUID orderId = jdbc.sql("select id from orders where checkout_id = :id").param("id", oneMug.checkoutId())
                .query(UUID.class).single();
        assertThat(attemptStatus(orderId)).isEqualTo("creating");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(attemptStatus(orderId)).isEqualTo("requires_payment_method"));

        assertThat(simulator.eventIds("payment_intent.created")).hasSize(createdBefore + 1);
        Api.Response retried = api.post("/api/create-payment-intent", oneMug.body());
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.text("paymentIntentId")).isEqualTo(jdbc.sql(
                "select payment_intent_id from payment_attempts where order_id = :id").param("id", orderId).query(String.class).single());
        assertThat(simulator.eventIds("payment_intent.created")).hasSize(createdBefore + 1);
    }

    @Test
    void attemptLeftCreatingForAnOrderThatCanNoLongerBePaidIsCanceledAtStripe() throws Exception {
        var twoMugs = Checkouts.twoMugsToLondon(jdbc);
        simulator.faults().answerLost("POST /v1/payment_intents", 3);
        assertThat(api.post("/api/create-payment-intent", twoMugs.body()).status()).isEqualTo(503);
        UUID orderId = jdbc.sql("select id from orders where checkout_id = :id").param("id", twoMugs.checkoutId())
                .query(UUID.class).single();
        jdbc.sql("update orders set reservation_expires_at = now() - interval '1 minute' where id = :id").param("id", orderId).update();

        expiry.runOnce();

        String paymentIntentId = jdbc.sql("select payment_intent_id from payment_attempts where order_id = :id")
                .param("id", orderId).query(String.class).single();
        StripeClient stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
        assertThat(stripe.v1().paymentIntents().retrieve(paymentIntentId).getStatus()).isEqualTo("canceled");
        assertThat(jdbc.sql("select status from orders where id = :id").param("id", orderId).query(String.class).single())
                .isEqualTo("canceled");
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(5, 0);
    }

    private String attemptStatus(UUID orderId) {
        return jdbc.sql("select status from payment_attempts where order_id = :id").param("id", orderId)
                .query(String.class).single();
    }
}
