package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.model.PaymentIntent;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Backends;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.PaymentStorm;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.StripeEvents;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Several service instances on one database and one Stripe. */
class MultiInstanceIntegrationTests {

    static Backends backends;
    static StripeSimulator simulator;
    static JdbcClient jdbc;

    @BeforeAll
    static void start() {
        backends = Backends.start("multi");
        simulator = backends.simulator();
        jdbc = backends.jdbc();
    }

    @AfterAll
    static void stop() {
        backends.close();
    }

    @Test
    void twoInstancesProcessingWebhooksPayEveryOrderOnce() throws Exception {
        try (ServiceInstance a = ServiceInstance.start(backends.jdbcUrl(), simulator);
                ServiceInstance b = ServiceInstance.start(backends.jdbcUrl(), simulator)) {
            new PaymentStorm(List.of(a.api(), b.api()), simulator, jdbc).run(100, 6, 4);
        }
    }

    @Test
    void anEventStoredByAnInstanceThatStoppedBeforeProcessingIsProcessedAfterRestart() throws Exception {
        UUID mug;
        Api.Response checkout;
        String event;
        try (ServiceInstance dying = ServiceInstance.start(backends.jdbcUrl(), simulator,
                "--checkstand.webhooks.process-on-receipt=false", "--checkstand.webhooks.poll=false")) {
            mug = Catalogs.mug(jdbc);
            checkout = dying.api().post("/api/create-payment-intent", Checkouts.of(mug, 1));
            simulator.setWebhookDeliveryEnabled(false);
            PaymentIntent paid = new Browser(simulator.baseUrl(), simulator.publishableKey())
                    .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
            event = StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", paid.getLastResponse().body());

            assertThat(StripeEvents.deliver(dying.api(), event, simulator.webhookSecret()).status()).isEqualTo(200);
            assertThat(orderStatus(checkout)).isEqualTo("pending_payment");
            assertThat(eventStatus(event)).isEqualTo("received");
        } finally {
            simulator.setWebhookDeliveryEnabled(true);
        }
        try (ServiceInstance restarted = ServiceInstance.start(backends.jdbcUrl(), simulator)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(orderStatus(checkout)).isEqualTo("paid"));
            assertThat(eventStatus(event)).isEqualTo("processed");
            assertThat(Catalogs.stock(jdbc, mug)).containsExactly(4, 0);
        }
    }

    private static String orderStatus(Api.Response checkout) {
        return jdbc.sql("select status from orders where id = :id").param("id", UUID.fromString(checkout.text("orderId")))
                .query(String.class).single();
    }

    private static String eventStatus(String event) {
        String id = event.substring(event.indexOf("evt_"), event.indexOf('"', event.indexOf("evt_")));
        return jdbc.sql("select status from webhook_events where event_id = :id").param("id", id).query(String.class).single();
    }
}
