package dev.checkstand.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.StripeEvents;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The audit finds every kind of mismatch it names, and nothing after a clean run. */
class ReconciliationAuditIntegrationTests {

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("audit");

    @Test
    void cleanRunIsCleanAndEverySeededMismatchIsFound() throws Exception {
        StripeSimulator simulator = instances.simulator();
        JdbcClient jdbc = instances.jdbc();
        try {
            ServiceInstance service = instances.start(
                    "--checkstand.reconciliation.catch-up-interval=1h", "--checkstand.reconciliation.stale-sync-interval=1h",
                    "--checkstand.recovery.interval=1h", "--checkstand.expiry.interval=1h");
            Api api = service.api();
            simulator.setWebhookUrl(service.webhookUrl());
            UUID product = Catalogs.product(jdbc, 900, 50);
            Browser browser = new Browser(simulator.baseUrl(), simulator.publishableKey());
            Api.Response refunded = paid(api, browser, product);
            assertThat(api.postRaw("/api/admin/orders/" + refunded.text("orderId") + "/refunds", "{\"amount\":300}",
                    Map.of("Idempotency-Key", "audit-1", "Authorization", api.adminAuthorization())).status()).isEqualTo(201);
            paid(api, browser, product);
            await().untilAsserted(() -> assertThat(jdbc.sql("select count(*) from webhook_events where status = 'received'")
                    .query(Long.class).single()).isZero());

            JsonNode clean = api.getAsAdmin("/api/admin/reconciliation").json();
            assertThat(clean.path("clean").asBoolean()).as(clean.toString()).isTrue();
            assertThat(clean.path("paymentIntentsChecked").asInt()).isGreaterThanOrEqualTo(2);

            simulator.setWebhookDeliveryEnabled(false);
            Api.Response unpaid = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
            browser.pay(unpaid.text("paymentIntentId"), unpaid.text("clientSecret"), "pm_card_visa");
            Api.Response fakePaid = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
            jdbc.sql("update payment_attempts set status = 'succeeded' where payment_intent_id = :pi")
                    .param("pi", fakePaid.text("paymentIntentId")).update();
            jdbc.sql("update orders set status = 'paid', payment_status = 'paid', paid_at = now() where id = :id")
                    .param("id", UUID.fromString(fakePaid.text("orderId"))).update();
            simulator.refundInDashboard(refunded.text("paymentIntentId"), 200);
            Api.Response stuck = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
            jdbc.sql("update payment_attempts set status = 'creating', created_at = now() - interval '1 hour' where payment_intent_id = :pi")
                    .param("pi", stuck.text("paymentIntentId")).update();
            jdbc.sql("update reservations set expires_at = now() - interval '1 hour' where order_id = :id")
                    .param("id", UUID.fromString(stuck.text("orderId"))).update();
            jdbc.sql("""
                    insert into refunds (id, order_id, attempt_id, amount, currency, status, source, idempotency_key,
                                         created_at, updated_at)
                    select gen_random_uuid(), order_id, id, 100, 'gbp', 'creating', 'admin', 'audit-stuck',
                           now() - interval '1 hour', now() from payment_attempts where payment_intent_id = :pi""")
                    .param("pi", refunded.text("paymentIntentId")).update();
            StripeClient stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
            PaymentIntent stranger = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                    .setAmount(777L).setCurrency("gbp").build());
            stranger = stripe.v1().paymentIntents().confirm(stranger.getId(),
                    PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
            StripeEvents.deliver(api, StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded",
                    stranger.getLastResponse().body()), simulator.webhookSecret());
            await().untilAsserted(() -> assertThat(jdbc.sql("select count(*) from orphaned_payments").query(Long.class).single()).isEqualTo(1));

            JsonNode audit = api.getAsAdmin("/api/admin/reconciliation").json();

            assertThat(audit.path("clean").asBoolean()).isFalse();
            JsonNode counts = audit.path("counts");
            assertThat(counts.path("succeeded_payment_without_paid_order").asInt()).as(audit.toString()).isEqualTo(2);
            assertThat(audit.path("examples").path("succeeded_payment_without_paid_order").valueStream().map(JsonNode::asString))
                    .contains(unpaid.text("paymentIntentId"), stranger.getId());
            assertThat(counts.path("paid_order_without_succeeded_payment").asInt()).isEqualTo(1);
            assertThat(counts.path("refund_total_mismatch").asInt()).isEqualTo(1);
            assertThat(audit.path("examples").path("refund_total_mismatch").get(0).asString()).isEqualTo(refunded.text("paymentIntentId"));
            assertThat(counts.path("attempt_stuck_creating").asInt()).isEqualTo(1);
            assertThat(counts.path("refund_stuck_creating").asInt()).isEqualTo(1);
            assertThat(counts.path("reservation_active_past_expiry").asInt()).isEqualTo(1);
            assertThat(counts.path("orphaned_payment").asInt()).isEqualTo(1);
            assertThat(api.get("/api/admin/reconciliation").status()).isEqualTo(401);
            assertThat(api.getAsAdmin("/api/admin/reconciliation?from=2026-01-10T00:00:00Z&to=2026-01-01T00:00:00Z").status())
                    .isEqualTo(400);
        } finally {
            simulator.setWebhookDeliveryEnabled(true);
        }
    }

    private static Api.Response paid(Api api, Browser browser, UUID product) throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .json().path("success").asBoolean()).isTrue();
        return checkout;
    }
}
