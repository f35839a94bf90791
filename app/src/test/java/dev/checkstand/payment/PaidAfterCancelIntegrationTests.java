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
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.StripeEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Money that arrives after its order was canceled (its stock released, the customer told) is never kept: the late
 * payment is recorded, the order flagged, and the money refunded in full, once — however often the news arrives —
 * and the books equal Stripe's. On a database and simulator of its own, so the audit sees only this.
 */
class PaidAfterCancelIntegrationTests {

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("paid-after-cancel");
    // Completed publications kept (the service deletes them), where a test counts what was published: one, however
    // often the payment's events come again.
    private static final String KEEP_COMPLETED = "--spring.modulith.events.completion-mode=update";

    @Test
    void paymentThatSucceedsAfterItsOrderWasCanceledIsRefundedInFullOnce() throws Exception {
        StripeSimulator simulator = instances.simulator();
        JdbcClient jdbc = instances.jdbc();
        ServiceInstance service = instances.start(KEEP_COMPLETED);
        simulator.setWebhookUrl(service.webhookUrl());
        Api api = service.api();
        StripeClient stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
        Checkouts.Checkout oneMug = Checkouts.oneMugToLondon(jdbc);
        Api.Response checkout = api.post("/api/create-payment-intent", oneMug.body());
        String orderId = checkout.text("orderId");
        assertThat(api.postWithOrderToken("/api/orders/" + orderId + "/cancel", Map.of(), checkout.text("orderToken")).status()).isEqualTo(200);
        assertThat(Catalogs.stock(jdbc, oneMug.product())).containsExactly(5, 0);

        PaymentIntent late = stripe.v1().paymentIntents().confirm(
                stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(1499L).setCurrency("gbp")
                        .putMetadata("order_id", orderId).build()).getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        String again = StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", late.getLastResponse().body());
        StripeEvents.deliver(api, again, simulator.webhookSecret());
        StripeEvents.deliver(api, again, simulator.webhookSecret());
        api.post("/api/payments/confirm", Map.of("paymentIntentId", late.getId()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(refunds(stripe, late.getId()))
                .extracting(Refund::getAmount).containsExactly(1499L));
        await().untilAsserted(() -> assertThat(refundStatuses(jdbc, orderId)).containsExactly("succeeded"));
        await().untilAsserted(() -> assertThat(jdbc.sql("select count(*) from webhook_events where status = 'received'")
                .query(Long.class).single()).isZero());
        for (Long stored : jdbc.sql("select id from webhook_events where object_id = :pi").param("pi", late.getId())
                .query(Long.class).list()) {
            assertThat(api.postAsAdmin("/api/admin/webhook-events/" + stored + "/replay", Map.of()).status()).isEqualTo(200);
        }

        assertThat(refunds(stripe, late.getId())).extracting(Refund::getAmount).containsExactly(1499L);
        assertThat(refundStatuses(jdbc, orderId)).containsExactly("succeeded");
        JsonNode order = api.getAsAdmin("/api/admin/orders/" + orderId).json();
        assertThat(order.path("status").asString()).isEqualTo("canceled");
        assertThat(order.path("amountPaid").asLong()).isZero();
        assertThat(order.path("attentionReasons").valueStream().map(JsonNode::asString)).containsExactly("paid_after_cancel");
        assertThat(order.path("payments").valueStream().map(p -> p.path("status").asString()))
                .containsExactlyInAnyOrder("canceled", "succeeded_after_cancel");
        assertThat(types(order)).doesNotContain("paid");
        assertThat(types(order).stream().filter(t -> t.equals("flagged"))).hasSize(1);
        assertThat(types(order)).containsSubsequence("canceled", "flagged", "refund_requested", "refund_succeeded");
        assertThat(types(order).stream().filter(t -> t.startsWith("refund_requested"))).hasSize(1);
        assertThat(Catalogs.stock(jdbc, oneMug.product())).containsExactly(5, 0);
        assertThat(publications(jdbc, orderId, true)).isEqualTo(1);
        assertThat(publications(jdbc, orderId, false)).isZero();
        JsonNode audit = api.getAsAdmin("/api/admin/reconciliation").json();
        assertThat(audit.path("clean").asBoolean()).as(audit.toString()).isTrue();
    }

    @Test
    void aRefundWhoseListenerFailedIsMadeWhenTheNextInstanceStarts() throws Exception {
        JdbcClient jdbc = instances.jdbc();
        ServiceInstance first = instances.start("--checkstand.events.resubmit-interval=1h");
        refuseRefundRows(jdbc, true);
        LatePayment late = payAfterCancel(first);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql("""
                select count(*) from event_publication
                 where event_type like '%PaymentSucceededAfterCancel' and serialized_event like :order and status = 'FAILED'""")
                .param("order", "%" + late.orderId() + "%").query(Long.class).single()).isEqualTo(1));
        assertThat(refundStatuses(jdbc, late.orderId())).isEmpty();
        instances.stop(first);
        refuseRefundRows(jdbc, false);

        ServiceInstance second = instances.start("--checkstand.events.resubmit-interval=1h");
        instances.simulator().setWebhookUrl(second.webhookUrl());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(refundStatuses(jdbc, late.orderId()))
                .containsExactly("succeeded"));
        assertThat(refunds(late.stripe(), late.paymentIntentId())).extracting(Refund::getAmount).containsExactly(1499L);
        await().untilAsserted(() -> assertThat(publications(jdbc, late.orderId(), false)).isZero());
    }

    @Test
    void aRefundWhoseListenerFailedIsMadeByTheResubmissionJob() throws Exception {
        JdbcClient jdbc = instances.jdbc();
        ServiceInstance service = instances.start("--checkstand.events.resubmit-interval=1s",
                "--checkstand.events.resubmit-after=1s", KEEP_COMPLETED);
        refuseRefundRows(jdbc, true);
        LatePayment late = payAfterCancel(service);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql("""
                select count(*) from event_publication
                 where event_type like '%PaymentSucceededAfterCancel' and serialized_event like :order
                   and completion_attempts >= 1""")
                .param("order", "%" + late.orderId() + "%").query(Long.class).single()).isEqualTo(1));
        assertThat(refundStatuses(jdbc, late.orderId())).isEmpty();

        refuseRefundRows(jdbc, false);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(refundStatuses(jdbc, late.orderId()))
                .containsExactly("succeeded"));
        assertThat(refunds(late.stripe(), late.paymentIntentId())).extracting(Refund::getAmount).containsExactly(1499L);
        await().untilAsserted(() -> assertThat(publications(jdbc, late.orderId(), false)).isZero());
        assertThat(publications(jdbc, late.orderId(), true)).isEqualTo(1);
    }

    /** An order canceled, then paid anyway through a PaymentIntent that names it. */
    private static LatePayment payAfterCancel(ServiceInstance service) throws Exception {
        StripeSimulator simulator = instances.simulator();
        simulator.setWebhookUrl(service.webhookUrl());
        StripeClient stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
        Api.Response checkout = service.api().post("/api/create-payment-intent",
                Checkouts.oneMugToLondon(instances.jdbc()).body());
        String orderId = checkout.text("orderId");
        assertThat(service.api().postWithOrderToken("/api/orders/" + orderId + "/cancel", Map.of(),
                checkout.text("orderToken")).status()).isEqualTo(200);
        PaymentIntent late = stripe.v1().paymentIntents().confirm(
                stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(1499L).setCurrency("gbp")
                        .putMetadata("order_id", orderId).build()).getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        return new LatePayment(stripe, orderId, late.getId());
    }

    private record LatePayment(StripeClient stripe, String orderId, String paymentIntentId) {
    }

    // The refund module's writes fail while this is on: its listener throws, its publication stays incomplete.
    private static void refuseRefundRows(JdbcClient jdbc, boolean refuse) {
        if (refuse) {
            jdbc.sql("""
                    create or replace function refuse_refunds() returns trigger language plpgsql as $$
                    begin raise exception 'refunds refused by the test'; end $$""").update();
            jdbc.sql("create trigger refuse_refunds before insert on refunds for each row execute function refuse_refunds()")
                    .update();
        } else {
            jdbc.sql("drop trigger refuse_refunds on refunds").update();
        }
    }

    private static long publications(JdbcClient jdbc, String orderId, boolean completed) {
        return jdbc.sql("select count(*) from event_publication where event_type like '%PaymentSucceededAfterCancel'"
                        + " and serialized_event like :order and "
                        + (completed ? "completion_date is not null" : "completion_date is null"))
                .param("order", "%" + orderId + "%").query(Long.class).single();
    }

    private static List<String> types(JsonNode order) {
        return order.path("timeline").valueStream().map(e -> e.path("type").asString()).toList();
    }

    private static List<String> refundStatuses(JdbcClient jdbc, String orderId) {
        return jdbc.sql("select status from refunds where order_id = :id").param("id", UUID.fromString(orderId))
                .query(String.class).list();
    }

    private static List<Refund> refunds(StripeClient stripe, String paymentIntentId) throws Exception {
        List<Refund> refunds = new ArrayList<>();
        stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(paymentIntentId).build())
                .autoPagingIterable().forEach(refunds::add);
        return refunds;
    }
}
