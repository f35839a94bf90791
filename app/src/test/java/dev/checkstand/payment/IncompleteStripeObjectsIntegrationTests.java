package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/**
 * A Stripe-compatible server whose objects lack fields the service reads (the simulator's omitField fault): what is
 * needed is read from what is there, and where that is impossible the answer is a 502 and the webhook a dead letter.
 */
@CheckstandIntegrationTest
class IncompleteStripeObjectsIntegrationTests {

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
    }

    @AfterEach
    void tearDown() {
        simulator.faults().reset();
    }

    @Test
    void withoutAmountReceivedASucceededPaymentIsPaidInFullByConfirmAndWebhook() throws Exception {
        simulator.faults().omitField("payment_intent", "amount_received");
        Api.Response checkout = checkout();

        browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        Api.Response confirm = api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));

        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.text("paymentStatus")).isEqualTo("paid");
        Api.Response admin = api.getAsAdmin("/api/admin/orders/" + checkout.text("orderId"));
        assertThat(admin.json().path("amountPaid").asLong()).isEqualTo(1999);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(eventStatuses(checkout)).isNotEmpty().allMatch("processed"::equals));
    }

    @Test
    void withoutAmountReceivedAnUnpaidOrderIsCanceledAndItsStockReleased() {
        simulator.faults().omitField("payment_intent", "amount_received").omitField("payment_intent", "amount");
        Api.Response checkout = checkout();

        Api.Response canceled = api.postWithOrderToken("/api/orders/" + checkout.text("orderId") + "/cancel", "{}",
                checkout.text("orderToken"));

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(10, 0);
    }

    @Test
    void aPaymentIntentWithoutAStatusIsA502AndItsWebhooksEndFailedInsteadOfRetrying() throws Exception {
        Api.Response checkout = checkout();
        simulator.faults().omitField("payment_intent", "status");

        browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        Api.Response confirm = api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));

        assertThat(confirm.status()).isEqualTo(502);
        assertThat(confirm.text("code")).isEqualTo("payment_provider_rejected");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(eventStatuses(checkout)).contains("failed").allMatch("failed"::equals));
        assertThat(jdbc.sql("SELECT max(attempts) FROM webhook_events WHERE object_id = :pi")
                .param("pi", checkout.text("paymentIntentId")).query(Integer.class).single()).isEqualTo(1);
        assertThat(api.get("/api/orders/by-payment-intent/" + checkout.text("paymentIntentId")).text("status"))
                .isEqualTo("pending_payment");
    }

    @Test
    void aCheckoutSessionWithoutItsAmountIsA502OnConfirm() throws Exception {
        Api.Response checkout = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 1));
        assertThat(checkout.status()).isEqualTo(201);
        simulator.faults().omitField("checkout.session", "amount_total");
        simulator.payCheckoutSession(checkout.text("sessionId"), "pm_card_visa");

        Api.Response confirm = api.post("/api/payments/confirm", Map.of("sessionId", checkout.text("sessionId")));

        assertThat(confirm.status()).isEqualTo(502);
        assertThat(confirm.text("code")).isEqualTo("payment_provider_rejected");
    }

    private Api.Response checkout() {
        Api.Response response = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        assertThat(response.status()).isEqualTo(201);
        return response;
    }

    private List<String> eventStatuses(Api.Response checkout) {
        return jdbc.sql("SELECT status FROM webhook_events WHERE object_id = :pi AND type <> 'payment_intent.created'")
                .param("pi", checkout.text("paymentIntentId")).query(String.class).list();
    }
}
