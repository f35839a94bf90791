package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.model.PaymentIntent;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.PaymentStorm;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.StripeEvents;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Several service instances on one database and one Stripe. */
class MultiInstanceIntegrationTests {

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("multi");

    @Test
    void twoInstancesProcessingWebhooksPayEveryOrderOnce() throws Exception {
        ServiceInstance a = instances.start();
        ServiceInstance b = instances.start();

        new PaymentStorm(List.of(a.api(), b.api()), instances.simulator(), instances.jdbc()).run(100, 6, 4);
    }

    @Test
    void anEventStoredByAnInstanceThatStoppedBeforeProcessingIsProcessedAfterRestart() throws Exception {
        StripeSimulator simulator = instances.simulator();
        JdbcClient jdbc = instances.jdbc();
        ServiceInstance dying = instances.start(
                "--checkstand.webhooks.process-on-receipt=false", "--checkstand.webhooks.poll=false");
        var oneMug = Checkouts.oneMugToLondon(jdbc);
        Api.Response checkout = dying.api().post("/api/create-payment-intent", oneMug.body());
        String event;
        try {
            simulator.setWebhookDeliveryEnabled(false);
            PaymentIntent paid = new Browser(simulator.baseUrl(), simulator.publishableKey())
                    .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
            event = StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", paid.getLastResponse().body());

            assertThat(StripeEvents.deliver(dying.api(), event, simulator.webhookSecret()).status()).isEqualTo(200);
            assertThat(orderStatus(checkout)).isEqualTo("pending_payment");
            assertThat(eventStatus(event)).isEqualTo("received");
            instances.stop(dying);
        } finally {
            simulator.setWebhookDeliveryEnabled(true);
        }

        instances.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(orderStatus(checkout)).isEqualTo("paid"));
        assertThat(eventStatus(event)).isEqualTo("processed");
        assertThat(Catalogs.stock(jdbc, oneMug.product())).containsExactly(4, 0);
    }

    private static String orderStatus(Api.Response checkout) {
        return instances.jdbc().sql("select status from orders where id = :id")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(String.class).single();
    }

    private static String eventStatus(String event) {
        String id = event.substring(event.indexOf("evt_"), event.indexOf('"', event.indexOf("evt_")));
        return instances.jdbc().sql("select status from webhook_events where event_id = :id").param("id", id)
                .query(String.class).single();
    }
}
