package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CheckstandIntegrationTest
class WebhookSignatureIntegrationTests {

    static final String PAYLOAD = "{\"id\":\"evt_sigtest000000000000000001\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
            + "\"created\":1700000000,\"data\":{\"object\":{\"id\":\"pi_sigtest\",\"object\":\"payment_intent\"}}}";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    MeterRegistry meters;

    long eventsBefore;

    @BeforeEach
    void count() {
        eventsBefore = storedEvents();
    }

    static Stream<String> badHeaders() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return Stream.of(
                "",
                "garbage",
                "t=abc,v1=" + "0".repeat(64),
                "t",
                "v1=" + "0".repeat(64),
                "t=" + now,
                "t=" + now + ",v1=" + "0".repeat(64),
                Webhook.Signature.generateSignatureHeader(PAYLOAD, "whsec_not_the_secret"),
                "t=" + now + ", v1=" + "0".repeat(64));
    }

    @ParameterizedTest
    @MethodSource("badHeaders")
    void badSignaturesAre400AndStoreNothing(String header) {
        Map<String, String> headers = header.isEmpty() ? Map.of() : Map.of("Stripe-Signature", header);

        Api.Response response = api.postRaw("/api/payments/webhook", PAYLOAD, headers);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("code")).isEqualTo("invalid_signature");
        assertThat(storedEvents()).isEqualTo(eventsBefore);
    }

    @Test
    void staleTimestampIs400() throws Exception {
        long stale = System.currentTimeMillis() / 1000 - 301;
        String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, simulator.webhookSecret(), stale);

        Api.Response response = api.postRaw("/api/payments/webhook", PAYLOAD, Map.of("Stripe-Signature", header));

        assertThat(response.status()).isEqualTo(400);
        assertThat(storedEvents()).isEqualTo(eventsBefore);
    }

    @Test
    void timestampMoreThanTheToleranceInTheFutureIsRefusedLikeAStaleOne() throws Exception {
        long inAHundredAndFifteenDays = System.currentTimeMillis() / 1000 + Duration.ofDays(115).toSeconds();
        String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, simulator.webhookSecret(),
                inAHundredAndFifteenDays);
        double rejectedBefore = invalidSignatures();

        Api.Response response = api.postRaw("/api/payments/webhook", PAYLOAD, Map.of("Stripe-Signature", header));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("code")).isEqualTo("invalid_signature");
        assertThat(storedEvents()).isEqualTo(eventsBefore);
        assertThat(invalidSignatures()).isEqualTo(rejectedBefore + 1);
    }

    private double invalidSignatures() {
        return meters.counter("checkstand.webhook.events.received", "source", "stripe", "type", "unknown",
                "outcome", "invalid_signature").count();
    }

    @Test
    void signatureOverADifferentBodyIs400() throws Exception {
        String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, simulator.webhookSecret());

        Api.Response response = api.postRaw("/api/payments/webhook", PAYLOAD.replace("pi_sigtest", "pi_tampered"),
                Map.of("Stripe-Signature", header));

        assertThat(response.status()).isEqualTo(400);
        assertThat(storedEvents()).isEqualTo(eventsBefore);
    }

    @Test
    void signedBodyThatIsNotAnEventIs400() throws Exception {
        String body = "[1,2,3]";
        String header = Webhook.Signature.generateSignatureHeader(body, simulator.webhookSecret());

        Api.Response response = api.postRaw("/api/payments/webhook", body, Map.of("Stripe-Signature", header));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("code")).isEqualTo("invalid_event");
        assertThat(storedEvents()).isEqualTo(eventsBefore);
    }

    @Test
    void verifiedEventOfAnUnhandledTypeIsStoredAndIgnored() throws Exception {
        String body = PAYLOAD.replace("evt_sigtest000000000000000001", "evt_ignored" + System.nanoTime())
                .replace("payment_intent.succeeded", "customer.created");
        String header = Webhook.Signature.generateSignatureHeader(body, simulator.webhookSecret());

        Api.Response response = api.postRaw("/api/payments/webhook", body, Map.of("Stripe-Signature", header));

        assertThat(response.status()).isEqualTo(200);
        assertThat(storedEvents()).isEqualTo(eventsBefore + 1);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(jdbc.sql(
                "select status from webhook_events where type = 'customer.created' order by id desc limit 1")
                .query(String.class).single()).isEqualTo("ignored"));
    }

    private long storedEvents() {
        return jdbc.sql("select count(*) from webhook_events where source = 'stripe'").query(Long.class).single();
    }
}
