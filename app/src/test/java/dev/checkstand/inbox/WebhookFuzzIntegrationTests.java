package dev.checkstand.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Ten thousand bad webhook deliveries, generated from a fixed seed: wrong, missing, malformed, stale and future
 * signatures; bodies changed after signing; signed bodies that are not Stripe events (other JSON, hostile ids and
 * types, control characters, invalid UTF-8, oversized). None may be accepted, none may answer 5xx, nothing may be
 * stored, and the service must still take a good event afterwards.
 */
@CheckstandIntegrationTest
class WebhookFuzzIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(WebhookFuzzIntegrationTests.class);
    private static final int DELIVERIES = 10_000;
    private static final long SEED = 20261201L;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Test
    void tenThousandBadDeliveriesAreAllRefusedWithoutA5xxAndStoreNothing() throws Exception {
        long storedBefore = stored();
        Random random = new Random(SEED);
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            deliveries.add(badDelivery(random, i));
        }
        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                sent.add(senders.submit(() -> {
                    Api.Response response = api.postRaw("/api/payments/webhook", delivery.body(), delivery.headers());
                    byStatus.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (response.status() < 400) {
                        accepted.computeIfAbsent(delivery.kind(), k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (response.status() >= 400 && response.status() < 500) {
                        assertThat(response.contentType()).as(delivery.kind()).startsWith("application/problem+json");
                    }
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdown();
        }
        log.info("Webhook fuzz, seed {}: {} deliveries, answers by status {}", SEED, DELIVERIES, byStatus);

        assertThat(accepted).as("accepted deliveries by kind").isEmpty();
        assertThat(byStatus.keySet()).as("answers by status: %s", byStatus).allMatch(status -> status >= 400 && status < 500);
        assertThat(byStatus.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(DELIVERIES);
        assertThat(stored()).isEqualTo(storedBefore);
        String good = event("evt_fuzz_good_" + SEED, "payment_intent.created", "{\"id\":\"pi_fuzz\",\"object\":\"payment_intent\"}");
        assertThat(api.postRaw("/api/payments/webhook", good, Map.of("Stripe-Signature", sign(good, now()))).status())
                .isEqualTo(200);
    }

    private Delivery badDelivery(Random random, int i) throws GeneralSecurityException {
        String event = event("evt_fuzz_" + i + "_" + Long.toHexString(random.nextLong()),
                TYPES[random.nextInt(TYPES.length)], "{\"id\":\"pi_fuzz_" + i + "\",\"object\":\"payment_intent\","
                        + "\"amount\":1499,\"amount_received\":1499,\"currency\":\"gbp\",\"status\":\"succeeded\"}");
        long now = now();
        return switch (random.nextInt(12)) {
            case 0 -> new Delivery("wrong secret", event, Map.of("Stripe-Signature",
                    Webhook.Signature.generateSignatureHeader(event, "whsec_" + Long.toHexString(random.nextLong()))));
            case 1 -> new Delivery("no signature", event, Map.of());
            case 2 -> new Delivery("garbage signature", event, Map.of("Stripe-Signature", printable(random, 1 + random.nextInt(300))));
            case 3 -> {
                String header = sign(event, now);
                yield new Delivery("body changed after signing", mutate(random, event), Map.of("Stripe-Signature", header));
            }
            case 4 -> new Delivery("stale", event, Map.of("Stripe-Signature",
                    sign(event, now - 301 - random.nextInt(10_000_000))));
            case 5 -> new Delivery("future", event, Map.of("Stripe-Signature",
                    sign(event, now + 301 + random.nextInt(10_000_000))));
            case 6 -> signed("signed, not JSON", garbage(random, random.nextInt(200)), now);
            case 7 -> signed("signed, other JSON", OTHER_JSON[random.nextInt(OTHER_JSON.length)], now);
            case 8 -> signed("signed, hostile id", event.replace("\"id\":\"evt_fuzz_", "\"id\":\"" + HOSTILE[random.nextInt(HOSTILE.length)]), now);
            case 9 -> signed("signed, hostile type", event.replaceFirst("\"type\":\"[^\"]*\"",
                    "\"type\":\"" + HOSTILE[random.nextInt(HOSTILE.length)] + "\""), now);
            case 10 -> signed("signed, oversized", event.replace("\"data\":{", "\"padding\":\"" + "x".repeat(300_000) + "\",\"data\":{"), now);
            default -> signed("signed, truncated", event.substring(0, random.nextInt(event.length())), now);
        };
    }

    private static final String[] TYPES = {"payment_intent.succeeded", "checkout.session.completed", "refund.updated",
            "charge.refunded", "payment_intent.payment_failed"};

    private static final String[] OTHER_JSON = {"null", "1", "\"evt_1\"", "[]", "[{\"id\":\"evt_1\"}]", "{}",
            "{\"id\":\"evt_1\"}", "{\"type\":\"payment_intent.succeeded\"}", "{\"id\":1,\"type\":2}",
            "{\"id\":\"pi_1\",\"type\":\"payment_intent.succeeded\"}", "{\"id\":[\"evt_1\"],\"type\":\"x\"}",
            "{\"id\":\"evt_" + "1".repeat(300) + "\",\"type\":\"x\"}", "{\"id\":\"evt_1\",\"type\":\"" + "t".repeat(300) + "\"}"};

    // Ids and types no Stripe event has: control characters, NUL, markup, path tricks, non-ASCII.
    private static final String[] HOSTILE = {"evt_\\u0000nul", "evt_\\u0007bell", "evt_<script>", "evt_../../etc",
            "evt_ spaces", "evt_\\ud800", "evt_ünïcode", "evt_\\n\\r", "\\u0000", "evt_%00", "evt_'; drop table x;--"};

    private static String mutate(Random random, String body) {
        char[] chars = body.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = chars[at] == 'a' ? 'b' : 'a';
        return new String(chars);
    }

    // Header values: printable ASCII (an HTTP client sends nothing else), trimmed as a client would.
    private static String printable(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (33 + random.nextInt(94)));
        }
        return text.toString();
    }

    private static String garbage(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x2FF)));
        }
        return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private Delivery signed(String kind, String body, long at) throws GeneralSecurityException {
        return new Delivery(kind, body, Map.of("Stripe-Signature", sign(body, at)));
    }

    private String sign(String payload, long at) throws GeneralSecurityException {
        return "t=" + at + ",v1=" + Webhook.Util.computeHmacSha256(simulator.webhookSecret(), at + "." + payload);
    }

    private static String event(String id, String type, String object) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2020-08-27\",\"created\":1764590400,"
                + "\"livemode\":false,\"type\":\"" + type + "\",\"data\":{\"object\":" + object + "}}";
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private long stored() {
        // Other test classes' genuine events (the simulator's ids: evt_ and 24 letters or digits) may still arrive
        // while this runs, and are not the fuzz's: every fuzzed id has another shape.
        return jdbc.sql("select count(*) from webhook_events where source = 'stripe' and event_id !~ '^evt_[A-Za-z0-9]{24}$'")
                .query(Long.class).single();
    }

    private record Delivery(String kind, String body, Map<String, String> headers) {
    }

}
