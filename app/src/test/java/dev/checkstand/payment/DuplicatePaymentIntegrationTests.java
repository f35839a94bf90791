package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundListParams;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.StripeEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Two tabs: the same order paid twice. The second payment is recorded, flagged and refunded exactly once. */
@CheckstandIntegrationTest
class DuplicatePaymentIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Test
    void secondSucceededPaymentForSameOrderIsRefundedOnce() throws Exception {
        StripeClient stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
        var oneMug = Checkouts.oneMugToLondon(jdbc);
        Api.Response checkout = api.post("/api/create-payment-intent", oneMug.body());
        new Browser(simulator.baseUrl(), simulator.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));

        PaymentIntent second = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1499L).setCurrency("gbp").putMetadata("order_id", checkout.text("orderId")).build());
        PaymentIntent paidTwice = stripe.v1().paymentIntents().confirm(second.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        String event = StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", paidTwice.getLastResponse().body());
        StripeEvents.deliver(api, event, simulator.webhookSecret());
        StripeEvents.deliver(api, StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded",
                paidTwice.getLastResponse().body()), simulator.webhookSecret());
        api.post("/api/payments/confirm", Map.of("paymentIntentId", second.getId()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(refunds(stripe, second.getId()))
                .extracting(Refund::getAmount).containsExactly(1499L));
        await().untilAsserted(() -> assertThat(jdbc.sql("select status from refunds where order_id = :id")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(String.class).list()).containsExactly("succeeded"));
        assertThat(refunds(stripe, checkout.text("paymentIntentId"))).isEmpty();
        JsonNode admin = api.getAsAdmin("/api/admin/orders/" + checkout.text("orderId")).json();
        assertThat(admin.path("status").asString()).isEqualTo("paid");
        assertThat(admin.path("amountRefunded").asLong()).isZero();
        assertThat(admin.path("attentionReasons").valueStream().map(JsonNode::asString)).contains("duplicate_payment");
        assertThat(admin.path("payments").valueStream().map(p -> p.path("status").asString()))
                .containsExactlyInAnyOrder("succeeded", "duplicate");
        assertThat(admin.path("timeline").valueStream().filter(e -> "paid".equals(e.path("type").asString()))).hasSize(1);
        assertThat(Catalogs.stock(jdbc, oneMug.product())).containsExactly(4, 0);
    }

    private static List<Refund> refunds(StripeClient stripe, String paymentIntentId) throws Exception {
        List<Refund> refunds = new ArrayList<>();
        stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(paymentIntentId).build())
                .autoPagingIterable().forEach(refunds::add);
        return refunds;
    }
}
