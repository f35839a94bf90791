package dev.checkstand.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Catching up with Stripe when every webhook was lost. */
class ReconciliationIntegrationTests {

    static final String[] CATCH_UP_ONLY_WHEN_ASKED = {
            "--checkstand.reconciliation.catch-up-interval=1h", "--checkstand.reconciliation.stale-sync-interval=1h"};

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("reconciliation");

    @Test
    void fiveHundredPaymentsWithEveryWebhookLostArePaidAfterOneCatchUpPassOfAFewListCalls() throws Exception {
        StripeSimulator simulator = instances.simulator();
        JdbcClient jdbc = instances.jdbc();
        try {
            ServiceInstance service = instances.start(CATCH_UP_ONLY_WHEN_ASKED);
            simulator.setWebhookDeliveryEnabled(false);
            List<String> orders = payWithoutTellingTheService(service.api(), 500);
            long listsBefore = eventLists();

            EventCatchUp.Result result = service.bean(EventCatchUp.class).run();

            assertThat(eventLists() - listsBefore).isEqualTo(result.pages()).isLessThanOrEqualTo(10);
            assertThat(result.stored()).isGreaterThanOrEqualTo(500);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(paid(orders)).isEqualTo(500));
            assertThat(jdbc.sql("select count(*) from order_timeline where type = 'paid' and order_id in (:ids)")
                    .param("ids", ids(orders)).query(Long.class).single()).isEqualTo(500);

            instances.stop(service);
            Instant cursor = cursor();
            long stored = jdbc.sql("select count(*) from webhook_events where source = 'stripe'").query(Long.class).single();
            ServiceInstance restarted = instances.start(CATCH_UP_ONLY_WHEN_ASKED);
            assertThat(cursor()).isEqualTo(cursor);

            EventCatchUp.Result again = restarted.bean(EventCatchUp.class).run();

            assertThat(again.seen()).isPositive();
            assertThat(again.stored()).isZero();
            assertThat(jdbc.sql("select count(*) from webhook_events where source = 'stripe'").query(Long.class).single()).isEqualTo(stored);
            assertThat(jdbc.sql("select count(*) from order_timeline where type = 'paid' and order_id in (:ids)")
                    .param("ids", ids(orders)).query(Long.class).single()).isEqualTo(500);
            List<String> more = payWithoutTellingTheService(restarted.api(), 3);
            Api.Response pass = restarted.api().postAsAdmin("/api/admin/sync-orders", "{}");
            assertThat(pass.status()).isEqualTo(200);
            assertThat(pass.json().path("events").path("stored").asInt()).isGreaterThanOrEqualTo(3);
            await().untilAsserted(() -> assertThat(paid(more)).isEqualTo(3));
            assertThat(cursor()).isAfterOrEqualTo(cursor);
        } finally {
            simulator.setWebhookDeliveryEnabled(true);
        }
    }

    private static List<String> payWithoutTellingTheService(Api api, int count) throws Exception {
        UUID product = Catalogs.product(instances.jdbc(), 400, count);
        Browser browser = new Browser(instances.simulator().baseUrl(), instances.simulator().publishableKey());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
                    browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
                    return checkout.text("orderId");
                }));
            }
            List<String> orders = new ArrayList<>();
            for (Future<String> future : futures) {
                orders.add(future.get());
            }
            assertThat(paid(orders)).isZero();
            return orders;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long paid(List<String> orders) {
        return instances.jdbc().sql("select count(*) from orders where status = 'paid' and id in (:ids)")
                .param("ids", ids(orders)).query(Long.class).single();
    }

    private static List<UUID> ids(List<String> orders) {
        return orders.stream().map(UUID::fromString).toList();
    }

    private static long eventLists() {
        return instances.simulator().apiCallCounts().getOrDefault("GET /v1/events", 0L);
    }

    private static Instant cursor() {
        return instances.jdbc().sql("select position from reconciliation_cursors where name = 'stripe-events'")
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
    }
}
