package dev.checkstand.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.checkout.Session;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CheckstandIntegrationTest
class CheckoutSessionIntegrationTests {

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
        product = Catalogs.product(jdbc, 2000, 10);
        simulator.setWebhookDeliveryEnabled(true);
    }

    @AfterEach
    void tearDown() {
        simulator.setWebhookDeliveryEnabled(true);
    }

    @Test
    void sessionExpiresWithTheOrdersHoldAndRepeatsForTheSameCheckout() throws Exception {
        Map<String, Object> body = Checkouts.of(product, 2);

        Api.Response first = api.post("/api/payments/create-checkout-session", body);
        Api.Response again = api.post("/api/payments/create-checkout-session", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.text("sessionId")).startsWith("cs_");
        assertThat(first.text("url")).startsWith(simulator.baseUrl());
        assertThat(first.text("expiresAt")).isNotNull();
        assertThat(Instant.parse(first.text("expiresAt")).getEpochSecond())
                .isEqualTo(Instant.parse(first.text("reservationExpiresAt")).getEpochSecond());
        assertThat(Duration.between(Instant.now(), Instant.parse(first.text("expiresAt")))).isGreaterThan(Duration.ofMinutes(30));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("sessionId")).isEqualTo(first.text("sessionId"));
        Session session = stripe.v1().checkout().sessions().retrieve(first.text("sessionId"));
        assertThat(session.getClientReferenceId()).isEqualTo(first.text("orderId"));
        assertThat(session.getAmountTotal()).isEqualTo(4499);
        assertThat(session.getPaymentIntent()).isNull();
        assertThat(api.post("/api/create-payment-intent", body).text("code")).isEqualTo("checkout_conflict");
    }

    @Test
    void paidSessionMakesOnePaidOrder() {
        Api.Response checkout = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 1));

        simulator.payCheckoutSession(checkout.text("sessionId"), "pm_card_visa");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bySession(checkout).text("status")).isEqualTo("paid"));
        await().untilAsserted(() -> assertThat(processed(checkout)).isGreaterThanOrEqualTo(2));
        assertThat(paidEntries(checkout)).isEqualTo(1);
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(9, 0);
    }

    @Test
    void confirmBySessionPaysWithoutWebhooks() {
        simulator.setWebhookDeliveryEnabled(false);
        Api.Response checkout = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 1));
        simulator.payCheckoutSession(checkout.text("sessionId"), "pm_card_visa");

        Api.Response confirm = api.post("/api/payments/confirm", Map.of("sessionId", checkout.text("sessionId")));

        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.json().path("success").asBoolean()).isTrue();
        assertThat(confirm.text("orderStatus")).isEqualTo("paid");
        assertThat(paidEntries(checkout)).isEqualTo(1);
    }

    @Test
    void retrySessionExpiresThePreviousOneAndKeepsOrderAndReservation() throws Exception {
        Api.Response checkout = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 3));

        Api.Response retried = api.postWithOrderToken("/api/orders/" + checkout.text("orderId") + "/retry-session", "{}",
                checkout.text("orderToken"));

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.text("sessionId")).startsWith("cs_").isNotEqualTo(checkout.text("sessionId"));
        assertThat(retried.text("url")).isNotBlank();
        assertThat(stripe.v1().checkout().sessions().retrieve(checkout.text("sessionId")).getStatus()).isEqualTo("expired");
        assertThatThrownBy(() -> simulator.payCheckoutSession(checkout.text("sessionId"), "pm_card_visa"))
                .isInstanceOf(IllegalStateException.class);
        await().untilAsserted(() -> assertThat(jdbc.sql("select count(*) from webhook_events where type = 'checkout.session.expired' and object_id = :s and status = 'processed'")
                .param("s", checkout.text("sessionId")).query(Long.class).single()).isEqualTo(1));
        assertThat(orderStatus(checkout)).isEqualTo("pending_payment");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(10, 3);

        simulator.payCheckoutSession(retried.text("sessionId"), "pm_card_visa");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(orderStatus(checkout)).isEqualTo("paid"));
        assertThat(api.get("/api/orders/by-session/" + retried.text("sessionId")).text("id")).isEqualTo(checkout.text("orderId"));
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(7, 0);
        Api.Response notPayable = api.post("/api/orders/" + checkout.text("orderId") + "/retry-session?session_id="
                + retried.text("sessionId"), "{}");
        assertThat(notPayable.status()).isEqualTo(409);
        assertThat(notPayable.text("code")).isEqualTo("order_not_payable");
    }

    @Test
    void expiredSessionCancelsTheOrderAndReleasesStock() throws Exception {
        Api.Response checkout = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 4));

        stripe.v1().checkout().sessions().expire(checkout.text("sessionId"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(orderStatus(checkout)).isEqualTo("canceled"));
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(10, 0);
    }

    @Test
    void customerCancelExpiresTheSessionFirst() throws Exception {
        Api.Response checkout = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 2));

        Api.Response canceled = api.post("/api/orders/" + checkout.text("orderId") + "/cancel?session_id="
                + checkout.text("sessionId"), "{}");

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(stripe.v1().checkout().sessions().retrieve(checkout.text("sessionId")).getStatus()).isEqualTo("expired");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(10, 0);
    }

    private Api.Response bySession(Api.Response checkout) {
        return api.get("/api/orders/by-session/" + checkout.text("sessionId"));
    }

    private String orderStatus(Api.Response checkout) {
        return jdbc.sql("select status from orders where id = :id").param("id", UUID.fromString(checkout.text("orderId")))
                .query(String.class).single();
    }

    private long paidEntries(Api.Response checkout) {
        return jdbc.sql("select count(*) from order_timeline where order_id = :id and type = 'paid'")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(Long.class).single();
    }

    private long processed(Api.Response checkout) {
        return jdbc.sql("""
                select count(*) from webhook_events e
                  join payment_attempts a on a.checkout_session_id = e.object_id or a.payment_intent_id = e.object_id
                 where a.order_id = :id and e.status = 'processed'""")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(Long.class).single();
    }
}
