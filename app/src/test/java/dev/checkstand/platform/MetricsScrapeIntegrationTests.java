package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.exception.CardException;
import dev.checkstand.reconciliation.StaleOrderSync;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.simulator.printful.PrintfulSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.Scrape;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.StripeEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 16's proof that the metrics tell the truth: one instance on a database and simulators of its own runs a
 * scripted day — an order paid by webhook, one by the confirm call, one declined, one whose webhooks were lost and the
 * reconciler recovered, one canceled by the admin, a partial refund, a replay, a duplicate and a forged delivery, a
 * fulfillment that failed and was retried, a shipment — and every metric is checked against what the run did: the
 * script's own counts, and the database's rows where the script cannot know (how many events Stripe sent).
 */
class MetricsScrapeIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PRINTFUL_SECRET = "metrics-webhook-secret-0123456789";

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("metrics");

    static PrintfulSimulator printful;

    @BeforeAll
    static void startPrintful() {
        printful = PrintfulSimulator.builder().port(0).start();
    }

    @AfterAll
    static void stopPrintful() {
        printful.close();
    }

    @Test
    void everyMetricMovesByExactlyWhatTheScriptedRunDid() throws Exception {
        List<String> arguments = new ArrayList<>(List.of(ServiceInstance.printful(printful, PRINTFUL_SECRET)));
        // The reconciler's own passes run once at start-up and not again, so the script decides every sync.
        arguments.addAll(List.of("--checkstand.reconciliation.catch-up-interval=1h",
                "--checkstand.reconciliation.stale-sync-interval=1h", "--checkstand.reconciliation.audit-interval=1h",
                "--checkstand.fulfillment.calls-per-minute=0", "--checkstand.fulfillment.max-attempts=1",
                "--checkstand.fulfillment.poll-interval=300ms", "--checkstand.metrics.database-refresh=1h"));
        ServiceInstance instance = instances.start(arguments.toArray(String[]::new));
        Api api = instance.api();
        JdbcClient jdbc = instances.jdbc();
        StripeSimulator stripe = instances.simulator();
        stripe.setWebhookUrl(instance.webhookUrl());
        printful.setWebhookUrl("http://localhost:" + instance.port() + "/api/printful/webhook/" + PRINTFUL_SECRET);
        UUID product = Catalogs.product(jdbc, 1500, 50, Catalogs.MUG_VARIANT);
        DatabaseGauges gauges = instance.bean(DatabaseGauges.class);
        Instant start = Instant.now();

        // A: paid, Stripe's webhook tells the service.
        Api.Response a = checkout(api, product, 2);
        pay(stripe, a, "pm_card_visa");
        awaitPaid(api, a);
        // C: declined.
        Api.Response c = checkout(api, product, 1);
        assertThatThrownBy(() -> pay(stripe, c, "pm_card_chargeDeclined")).isInstanceOf(CardException.class);
        await().atMost(PATIENCE).until(() -> paymentFailed(jdbc, c));
        // B: paid, the storefront's confirm call tells the service (Stripe's webhooks for it are lost).
        stripe.faults().webhookDropRate(1.0);
        Api.Response b = checkout(api, product, 1);
        pay(stripe, b, "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", b.text("paymentIntentId")))
                .json().path("success").asBoolean()).isTrue();
        // D: paid, its webhooks lost and no confirm: the reconciler's pass over pending orders finds it.
        Api.Response d = checkout(api, product, 1);
        pay(stripe, d, "pm_card_visa");
        StaleOrderSync.Result sync = instance.bean(StaleOrderSync.class).run(Instant.now());
        assertThat(sync).isEqualTo(new StaleOrderSync.Result(2, 0, 0)); // C (still unpaid) and D
        awaitPaid(api, d);
        stripe.faults().reset();

        // E: canceled by the admin; B re-read by the admin.
        Api.Response e = checkout(api, product, 1);
        assertThat(api.postAsAdmin("/api/admin/orders/" + e.text("orderId") + "/cancel", Map.of()).status())
                .isEqualTo(200);
        assertThat(api.postAsAdmin("/api/admin/orders/" + b.text("orderId") + "/sync", Map.of()).status())
                .isEqualTo(200);
        // A partly refunded, the same request twice: one refund.
        for (int i = 0; i < 2; i++) {
            Api.Response refund = api.send("POST", "/api/admin/orders/" + a.text("orderId") + "/refunds",
                    "{\"amount\":500}", Map.of("Authorization", api.adminAuthorization(),
                            "Content-Type", "application/json", "Idempotency-Key", "metrics-refund-1"));
            assertThat(refund.status()).isIn(200, 201);
        }
        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from refunds where status = 'succeeded'")
                .query(Long.class).single() == 1);

        // F: its first submission to Printful fails (one attempt allowed) and an admin retries it.
        await().atMost(PATIENCE).until(() -> fulfillments(jdbc, "submitted") == 3); // A, B, D
        printful.faults().apiErrorRate(1.0);
        stripe.faults().webhookDropRate(1.0);
        Api.Response f = checkout(api, product, 1);
        pay(stripe, f, "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", f.text("paymentIntentId")))
                .json().path("success").asBoolean()).isTrue();
        stripe.faults().reset();
        await().atMost(PATIENCE).until(() -> fulfillments(jdbc, "failed") == 1);
        printful.faults().reset().rateLimit(0);
        // G: an order whose reservation outlived its hold while the order's own expiry lies ahead: a leak.
        Api.Response g = checkout(api, product, 3);
        jdbc.sql("update reservations set expires_at = now() - interval '1 minute' where order_id = :id")
                .param("id", UUID.fromString(g.text("orderId"))).update();
        jdbc.sql("""
                insert into reconciliation_audits (window_from, window_to, generated_at, clean, counts, examples)
                values (now() - interval '1 day', now(), now(), false, '{"orphaned_payment": 2}', '{}')""").update();
        gauges.refresh();
        Scrape during = Scrape.of(api);
        assertThat(during.value("checkstand_orders_needing_attention", "reason", "fulfillment_failed")).isEqualTo(1);
        assertThat(during.value("checkstand_orders_needing_attention", "reason", "duplicate_payment")).isZero();
        assertThat(during.value("checkstand_fulfillment_backlog_age_seconds"))
                .isPositive().isLessThan(Duration.between(start, Instant.now()).toSeconds() + 1);
        assertThat(during.value("checkstand_stock_reserved_past_expiry")).isEqualTo(3);
        assertThat(during.value("checkstand_reconciliation_mismatches", "kind", "orphaned_payment")).isEqualTo(2);
        assertThat(during.value("checkstand_reconciliation_mismatches", "kind", "refund_total_mismatch")).isZero();

        assertThat(api.postAsAdmin("/api/admin/orders/" + f.text("orderId") + "/fulfillment/retry", Map.of())
                .status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> fulfillments(jdbc, "submitted") == 4);
        // A shipped in one package.
        printful.ship("@" + a.text("orderNumber"), PrintfulSimulator.Package.of("Royal Mail", "Tracked 48", "RM-1",
                "https://track.example/RM-1"));
        await().atMost(PATIENCE).until(() -> fulfillments(jdbc, "shipped") == 1);
        // One event again by the admin; one delivered twice by Stripe; one forged.
        long replayed = jdbc.sql("select min(id) from webhook_events where source = 'stripe'").query(Long.class).single();
        assertThat(api.postAsAdmin("/api/admin/webhook-events/" + replayed + "/replay", Map.of()).status()).isEqualTo(200);
        String stored = jdbc.sql("select payload from webhook_events where id = :id").param("id", replayed)
                .query(String.class).single();
        assertThat(StripeEvents.deliver(api, stored, stripe.webhookSecret()).status()).isEqualTo(200);
        assertThat(StripeEvents.deliver(api, stored, "whsec_forged").status()).isEqualTo(400);
        // The simulator retries the deliveries it dropped for B and F (after 1, 2, 4, 8 and 16 s) until one is
        // answered: one arriving after the scrape below would be a stored row the scrape could not have counted. No
        // more are sent from here on; the waits below start a second later, after any delivery already under way.
        stripe.setWebhookDeliveryEnabled(false);
        await().pollDelay(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> jdbc.sql(
                "select count(*) from webhook_events where status = 'received'").query(Long.class).single() == 0);
        jdbc.sql("update reservations set expires_at = now() + interval '1 hour' where order_id = :id")
                .param("id", UUID.fromString(g.text("orderId"))).update();
        gauges.refresh();
        // An event's counters move just after its row or its status is committed: wait for the last one to be counted.
        await().atMost(PATIENCE).until(() -> {
            Scrape now = Scrape.of(api);
            for (String source : List.of("stripe", "printful")) {
                long delivered = jdbc.sql("""
                        select count(*) from webhook_events where source = :source and received_via = 'webhook'""")
                        .param("source", source).query(Long.class).single();
                if (now.value("checkstand_webhook_events_received_total", "source", source, "outcome", "stored")
                        < delivered) {
                    return false;
                }
                long finished = jdbc.sql("""
                        select count(*) from webhook_events where source = :source and status in ('processed', 'ignored')""")
                        .param("source", source).query(Long.class).single();
                double counted = now.value("checkstand_webhook_events_processed_total", "source", source, "outcome",
                        "processed") + now.value("checkstand_webhook_events_processed_total", "source", source,
                        "outcome", "ignored");
                if (counted < finished + (source.equals("stripe") ? 1 : 0)) {
                    return false;
                }
            }
            return true;
        });
        Scrape after = Scrape.of(api);

        // Payments: A by webhook, B and F by confirm, D by the reconciler; each timed from Stripe's time of payment.
        assertThat(after.value("checkstand_orders_paid_total", "path", "webhook")).isEqualTo(1);
        assertThat(after.value("checkstand_orders_paid_total", "path", "confirm")).isEqualTo(2);
        assertThat(after.value("checkstand_orders_paid_total", "path", "reconciler")).isEqualTo(1);
        assertThat(after.value("checkstand_orders_paid_total", "path", "admin_sync")).isZero();
        assertThat(after.value("checkstand_payment_to_paid_seconds_count", "path", "webhook")).isEqualTo(1);
        assertThat(after.value("checkstand_payment_to_paid_seconds_count", "path", "confirm")).isEqualTo(2);
        assertThat(after.value("checkstand_payment_to_paid_seconds_count", "path", "reconciler")).isEqualTo(1);
        double longest = Duration.between(start, Instant.now()).toSeconds() + 2;
        assertThat(after.value("checkstand_payment_to_paid_seconds_sum")).isBetween(0.0, 4 * longest);
        assertThat(after.value("checkstand_payment_to_paid_seconds_bucket", "path", "reconciler", "le", "+Inf"))
                .isEqualTo(1);
        assertThat(after.value("checkstand_order_sync_total", "outcome", "synced")).isEqualTo(2);
        assertThat(after.value("checkstand_order_sync_total", "outcome", "failed")).isZero();
        assertThat(after.value("checkstand_order_sync_total", "outcome", "skipped")).isZero();

        // Admins: one of each, the repeated refund request counted once.
        assertThat(after.value("checkstand_manual_interventions_total", "action", "refund")).isEqualTo(1);
        assertThat(after.value("checkstand_manual_interventions_total", "action", "sync")).isEqualTo(1);
        assertThat(after.value("checkstand_manual_interventions_total", "action", "cancel")).isEqualTo(1);
        assertThat(after.value("checkstand_manual_interventions_total", "action", "retry")).isEqualTo(1);
        assertThat(after.value("checkstand_manual_interventions_total", "action", "replay")).isEqualTo(1);
        assertThat(after.value("checkstand_manual_interventions_total", "action", "reconcile")).isZero();

        // Webhooks: every delivery Stripe and Printful made is counted by type as the inbox stored it; the duplicate
        // and the forged one by their outcome; every stored event processed once, the replayed one twice.
        for (String source : List.of("stripe", "printful")) {
            Map<String, Long> storedByType = new java.util.HashMap<>();
            jdbc.sql("select type, count(*) as n from webhook_events where source = :source and received_via = 'webhook'"
                            + " group by type")
                    .param("source", source)
                    .query((rs, row) -> storedByType.put(rs.getString("type"), rs.getLong("n"))).list();
            assertThat(storedByType).as(source).isNotEmpty();
            storedByType.forEach((type, n) -> assertThat(after.value("checkstand_webhook_events_received_total",
                    "source", source, "type", type, "outcome", "stored")).as(source + " " + type).isEqualTo((double) n));
            long storedTotal = storedByType.values().stream().mapToLong(Long::longValue).sum();
            assertThat(after.value("checkstand_webhook_events_received_total", "source", source, "outcome", "stored"))
                    .isEqualTo((double) storedTotal);
            assertThat(after.value("checkstand_webhook_delivery_delay_seconds_count", "source", source))
                    .isEqualTo((double) storedTotal);
            long finished = jdbc.sql("""
                    select count(*) from webhook_events where source = :source and status in ('processed', 'ignored')""")
                    .param("source", source).query(Long.class).single();
            long replays = source.equals("stripe") ? 1 : 0;
            assertThat(after.value("checkstand_webhook_events_processed_total", "source", source, "outcome", "processed")
                    + after.value("checkstand_webhook_events_processed_total", "source", source, "outcome", "ignored"))
                    .as(source).isEqualTo((double) (finished + replays));
            assertThat(after.value("checkstand_webhook_processing_lag_seconds_count", "source", source))
                    .isEqualTo((double) (finished + replays));
            assertThat(after.value("checkstand_webhook_events_processed_total", "source", source, "outcome", "failed"))
                    .isZero();
        }
        assertThat(after.value("checkstand_webhook_events_received_total", "source", "stripe", "outcome", "duplicate"))
                .isEqualTo(1);
        assertThat(after.value("checkstand_webhook_events_received_total", "source", "stripe",
                "outcome", "invalid_signature")).isEqualTo(1);

        // Fulfillment: every change counted as the orders' timelines recorded it.
        assertThat(after.value("checkstand_fulfillment_total", "outcome", "queued")).isEqualTo(4);
        assertThat(after.value("checkstand_fulfillment_total", "outcome", "failed")).isEqualTo(1);
        assertThat(after.value("checkstand_fulfillment_total", "outcome", "resubmitted")).isEqualTo(1);
        assertThat(after.value("checkstand_fulfillment_total", "outcome", "package_shipped")).isEqualTo(1);
        jdbc.sql("""
                select type, count(*) as n from order_timeline
                 where type like 'fulfillment\\_%' or type = 'shipment_sent' group by type""")
                .query((rs, row) -> {
                    String type = rs.getString("type");
                    String outcome = type.equals("shipment_sent") ? "package_shipped"
                            : type.substring("fulfillment_".length());
                    assertThat(after.value("checkstand_fulfillment_total", "outcome", outcome)).as(type)
                            .isEqualTo((double) rs.getLong("n"));
                    return type;
                }).list();

        // Levels read from the database, once the run is over: nothing waiting, nothing flagged, nothing leaking.
        assertThat(after.value("checkstand_inbox_events", "status", "received")).isZero();
        assertThat(after.value("checkstand_inbox_events", "status", "failed")).isZero();
        assertThat(after.value("checkstand_inbox_oldest_unprocessed_age_seconds")).isZero();
        assertThat(after.value("checkstand_orders_needing_attention")).isZero();
        assertThat(after.value("checkstand_fulfillment_backlog_age_seconds")).isZero();
        assertThat(after.value("checkstand_stock_reserved_past_expiry")).isZero();
    }

    @Test
    void aScrapersOwnCredentialsReachTheMetricsAndNothingElse() {
        ServiceInstance instance = instances.start("--checkstand.scrape.user=prometheus",
                "--checkstand.scrape.password=scrape-password-0123");
        Api api = instance.api();
        String scraper = "Basic " + java.util.Base64.getEncoder()
                .encodeToString("prometheus:scrape-password-0123".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Api.Response metrics = api.send("GET", "/actuator/prometheus", null, Map.of("Authorization", scraper));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(Scrape.parse(metrics.body()).has("checkstand_orders_paid_total")).isTrue();
        assertThat(api.send("GET", "/api/admin/orders", null, Map.of("Authorization", scraper)).status()).isEqualTo(403);
        assertThat(api.send("GET", "/actuator/metrics", null, Map.of("Authorization", scraper)).status()).isEqualTo(403);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.getAsAdmin("/actuator/prometheus").status()).isEqualTo(200);
    }

    private static Api.Response checkout(Api api, UUID product, int quantity) {
        Api.Response response = api.post("/api/create-payment-intent", Checkouts.of(product, quantity));
        assertThat(response.status()).isEqualTo(201);
        return response;
    }

    private static void pay(StripeSimulator stripe, Api.Response checkout, String card) throws Exception {
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), card);
    }

    private static void awaitPaid(Api api, Api.Response checkout) {
        await().atMost(PATIENCE).until(() -> "paid".equals(
                api.getAsAdmin("/api/admin/orders/" + checkout.text("orderId")).text("status")));
    }

    private static boolean paymentFailed(JdbcClient jdbc, Api.Response checkout) {
        return jdbc.sql("select count(*) from order_timeline where order_id = :id and type = 'payment_failed'")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(Long.class).single() > 0;
    }

    private static long fulfillments(JdbcClient jdbc, String status) {
        return jdbc.sql("select count(*) from fulfillments where status = :status").param("status", status)
                .query(Long.class).single();
    }
}
