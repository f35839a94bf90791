package dev.checkstand.payment;

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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A webhook secret roll: Stripe signs with both secrets for a while; the service accepts any configured one. */
class WebhookSecretRollIntegrationTests {

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("secret-roll");

    @Test
    void serviceConfiguredWithTheNewSecretAmongOthersKeepsReceivingThroughTheRoll() throws Exception {
        StripeSimulator simulator = instances.simulator();
        String oldSecret = simulator.webhookSecret();
        String newSecret = simulator.rollWebhookSecret();
        assertThat(newSecret).isNotEqualTo(oldSecret);
        ServiceInstance service = instances.start("--stripe.webhook-secret=whsec_not_ours_at_all, " + newSecret);
        simulator.setWebhookUrl(service.webhookUrl());
        UUID mug = Catalogs.mug(instances.jdbc());

        Api.Response during = pay(service.api(), mug);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status(during)).isEqualTo("paid"));

        simulator.expireOldWebhookSecret();
        Api.Response after = pay(service.api(), mug);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status(after)).isEqualTo("paid"));
        assertThat(instances.jdbc().sql("select count(*) from webhook_events where type = 'payment_intent.succeeded'")
                .query(Long.class).single()).isEqualTo(2);
    }

    private static Api.Response pay(Api api, UUID product) throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        new Browser(instances.simulator().baseUrl(), instances.simulator().publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        return checkout;
    }

    private static String status(Api.Response checkout) {
        return instances.jdbc().sql("select status from orders where id = :id")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(String.class).single();
    }
}
