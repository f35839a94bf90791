package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.simulator.WebhookDelivery;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Stripe dropping, duplicating and reordering webhooks, with no confirm calls from browsers. */
class FaultyStripeIntegrationTests {

    // Compressed retries: eleven attempts over a few seconds instead of Stripe's three days.
    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("faults", StripeSimulator.builder().port(0)
            .webhookRetryDelays(Collections.nCopies(10, Duration.ofMillis(300))));

    @Test
    void everyPaidOrderEndsPaidWhenWebhooksAreDroppedDuplicatedAndReordered() throws Exception {
        StripeSimulator simulator = instances.simulator();
        JdbcClient jdbc = instances.jdbc();
        try {
            ServiceInstance service = instances.start();
            simulator.setWebhookUrl(service.webhookUrl());
            simulator.faults().webhookDropRate(0.3).webhookDuplicateRate(0.5).webhookReorder(true);
            UUID product = Catalogs.product(jdbc, 600, 40);
            Browser browser = new Browser(simulator.baseUrl(), simulator.publishableKey());
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Api.Response checkout = service.api().post("/api/create-payment-intent", Checkouts.of(product, 1));
                browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
                orders.add(checkout.text("orderId"));
            }
            List<UUID> ids = orders.stream().map(UUID::fromString).toList();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                    "select count(*) from orders where id in (:ids) and status = 'paid'").param("ids", ids)
                    .query(Long.class).single()).isEqualTo(40));

            assertThat(jdbc.sql("select count(*) from order_timeline where order_id in (:ids) and type = 'paid'")
                    .param("ids", ids).query(Long.class).single()).isEqualTo(40);
            assertThat(Catalogs.stock(jdbc, product)).containsExactly(0, 0);
            List<WebhookDelivery> deliveries = simulator.deliveries();
            assertThat(deliveries).anyMatch(d -> d.status() < 200 || d.status() >= 300);
            Map<String, Long> firstAttempts = deliveries.stream().filter(d -> d.attempt() == 1)
                    .collect(Collectors.groupingBy(WebhookDelivery::eventId, Collectors.counting()));
            assertThat(firstAttempts.values()).anyMatch(n -> n > 1);
        } finally {
            simulator.faults().reset();
        }
    }
}
