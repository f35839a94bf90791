package dev.checkstand.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.StripeEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The webhook routes as deliveries reach them: stored with group commit, acknowledged on the short path (before the
 * security chain and MVC) only once on disk, and anything else answered by the documented route.
 */
@CheckstandIntegrationTest
class WebhookIntakeIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    MeterRegistry meters;

    @Autowired
    InboxEvents events;

    @Test
    void concurrentDeliveriesAreEachStoredOnceAndAreOnDiskWhenAcknowledged() throws Exception {
        int distinct = 60;
        int copies = 3;
        Map<String, String> payloads = new java.util.LinkedHashMap<>();
        for (int i = 0; i < distinct; i++) {
            // An event type no handler takes, so that nothing but the intake touches these rows.
            String eventId = StripeEvents.newEventId();
            payloads.put(StripeEvents.event(eventId, "customer.intake_test", "{\"id\":\"cus_" + i
                    + "\",\"object\":\"customer\"}"), eventId);
        }
        List<String> deliveries = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            deliveries.addAll(payloads.keySet());
        }
        Collections.shuffle(deliveries, new java.util.Random(18));
        double storedBefore = received("stored");
        long requestsBefore = webhookRequests();
        double duplicatesBefore = received("duplicate");
        Map<String, List<Boolean>> duplicateFlags = new ConcurrentHashMap<>();
        List<String> notOnDisk = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(24);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (String payload : deliveries) {
                sent.add(senders.submit(() -> {
                    start.await();
                    Api.Response answer = StripeEvents.deliver(api, payload, simulator.webhookSecret());
                    assertThat(answer.status()).isEqualTo(200);
                    String eventId = payloads.get(payload);
                    // Acknowledged means committed: another connection sees the row the moment the answer arrives.
                    if (stored(eventId) != 1) {
                        notOnDisk.add(eventId);
                    }
                    duplicateFlags.computeIfAbsent(eventId, id -> Collections.synchronizedList(new ArrayList<>()))
                            .add(answer.json().path("duplicate").asBoolean());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : sent) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdown();
        }

        assertThat(notOnDisk).isEmpty();
        assertThat(duplicateFlags).hasSize(distinct);
        assertThat(duplicateFlags.values()).allSatisfy(flags ->
                assertThat(flags).hasSize(copies).containsOnlyOnce(false));
        for (String eventId : payloads.values()) {
            assertThat(stored(eventId)).isEqualTo(1);
        }
        assertThat(received("stored") - storedBefore).isEqualTo(distinct);
        assertThat(received("duplicate") - duplicatesBefore).isEqualTo(distinct * (copies - 1));
        // Answered before MVC, yet Spring Boot's request metric names the route as MVC would.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> webhookRequests() - requestsBefore == deliveries.size());
    }

    private long webhookRequests() {
        return meters.find("http.server.requests").tag("uri", "/api/payments/webhook").tag("status", "200").timers()
                .stream().mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    @Test
    void aRefusedDeliveryIsAnsweredByTheDocumentedRouteAndCountedOnce() {
        String eventId = StripeEvents.newEventId();
        String payload = StripeEvents.event(eventId, "customer.intake_test",
                "{\"id\":\"cus_refused\",\"object\":\"customer\"}");
        double refusedBefore = refused("invalid_signature");

        Api.Response forged = api.postRaw("/api/payments/webhook", payload,
                Map.of("Stripe-Signature", "t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64),
                        "X-Request-Id", "intake-refusal-1"));

        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.contentType()).startsWith("application/problem+json");
        assertThat(forged.json().path("code").asString()).isEqualTo("invalid_signature");
        assertThat(forged.header("X-Request-Id")).isEqualTo("intake-refusal-1");
        assertThat(refused("invalid_signature") - refusedBefore).isEqualTo(1);
        assertThat(stored(eventId)).isZero();

        Api.Response notAnEvent = StripeEvents.deliver(api, "{\"object\":\"customer\"}", simulator.webhookSecret());
        assertThat(notAnEvent.status()).isEqualTo(400);
        assertThat(notAnEvent.json().path("code").asString()).isEqualTo("invalid_event");

        Api.Response unknownSecret = api.postRaw("/api/printful/webhook/not-the-secret", "{\"type\":\"package_shipped\"}",
                Map.of());
        assertThat(unknownSecret.status()).isEqualTo(404);
        assertThat(unknownSecret.json().path("code").asString()).isEqualTo("not_found");

        // Other methods on the routes are not the short path's: the documented route answers them.
        assertThat(api.get("/api/payments/webhook").status()).isEqualTo(405);
    }

    @Test
    void aGroupWithADeliveryTheDatabaseRefusesStoresAllTheOthers() throws Exception {
        InboxWriter writer = new InboxWriter(events, 0, 64);
        List<InboxEvents.NewEvent> group = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String eventId = StripeEvents.newEventId();
            // The third has no payload: the table refuses it (payload is not null).
            group.add(new InboxEvents.NewEvent("stripe", new WebhookSource.Envelope(eventId, "customer.intake_test",
                    StripeEvents.CURRENT_API_VERSION, false, "cus_" + i, Instant.now()),
                    i == 2 ? null : StripeEvents.event(eventId, "customer.intake_test", "{}"), "webhook", Instant.now()));
        }
        // A second delivery of the first event in the same group is its duplicate.
        group.add(group.get(0));

        List<CompletableFuture<Optional<Long>>> answers = writer.storeGroup(group);

        assertThat(answers.get(0).get()).isPresent();
        assertThat(answers.get(1).get()).isPresent();
        assertThatThrownBy(() -> answers.get(2).get()).hasRootCauseInstanceOf(java.sql.SQLException.class);
        assertThat(answers.get(3).get()).isPresent();
        assertThat(answers.get(4).get()).isPresent();
        assertThat(answers.get(5).get()).isEmpty();
        for (int i = 0; i < 5; i++) {
            assertThat(stored(group.get(i).envelope().eventId())).isEqualTo(i == 2 ? 0 : 1);
        }
    }

    private long stored(String eventId) {
        return jdbc.sql("select count(*) from webhook_events where source = 'stripe' and event_id = :id")
                .param("id", eventId).query(Long.class).single();
    }

    private double received(String outcome) {
        return meters.find("checkstand.webhook.events.received").tag("source", "stripe")
                .tag("type", "customer.intake_test").tag("outcome", outcome).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private double refused(String outcome) {
        return meters.find("checkstand.webhook.events.received").tag("source", "stripe").tag("outcome", outcome)
                .counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }
}
