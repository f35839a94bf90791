package dev.checkstand.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkstand.support.Api;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.ServiceProcess;
import dev.checkstand.support.StripeEvents;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 17, item 2, for the inbox: an event a live instance is still working on (its provider call hangs) stays its
 * own past several lease lengths, because the lease is renewed; once that instance is killed (SIGKILL, a JVM of its
 * own), another instance processes the event one lease later.
 */
class InboxTakeoverIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(InboxTakeoverIntegrationTests.class);
    private static final Duration LEASE = Duration.ofSeconds(5);

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("inbox-takeover");

    @Test
    void anEventHeldByAKilledInstanceIsProcessedByAnotherOneLeaseLater() throws Exception {
        JdbcClient jdbc = instances.jdbc();
        String lease = "--checkstand.webhooks.lease=" + LEASE.toSeconds() + "s";
        // The event names a PaymentIntent without its state, so processing re-reads it from Stripe, which holds the
        // call without answering until the client gives up (20 s, then its retries): the worker holds the event.
        String paymentIntent = StripeClient.builder().setApiKey(instances.simulator().secretKey())
                .setApiBase(instances.simulator().baseUrl()).build().v1().paymentIntents()
                .create(PaymentIntentCreateParams.builder().setAmount(1999L).setCurrency("gbp").build()).getId();
        instances.simulator().faults().answerLost("GET /v1/payment_intents/{id}", 1_000)
                .answerLostDelay(Duration.ofSeconds(60));
        String eventId = StripeEvents.newEventId();
        String payload = StripeEvents.event(eventId, "payment_intent.succeeded",
                "{\"id\":\"" + paymentIntent + "\",\"object\":\"payment_intent\"}");

        // The doomed instance does not poll, so the event is held by its worker (on receipt), never by its poller: a
        // poller's pass killed mid-way holds the job for every instance until the scheduler finds it dead (about 23 s,
        // SchedulerTakeoverIntegrationTests), which is the scheduler's bound, not the lease's this test is about.
        try (ServiceProcess doomed = ServiceProcess.start("inbox-doomed", instances.jdbcUrl(), instances.simulator(),
                lease, "--checkstand.webhooks.poll=false")) {
            Api doomedApi = doomed.awaitReady().api();
            assertThat(StripeEvents.deliver(doomedApi, payload, instances.simulator().webhookSecret()).status())
                    .isEqualTo(200);
            await("the doomed instance works on the event").atMost(Duration.ofSeconds(10))
                    .until(() -> attempts(jdbc, eventId) == 1);

            ServiceInstance survivor = instances.start(lease);
            await("the live holder's lease is renewed: the event stays its own, nobody else claims it")
                    .during(LEASE.multipliedBy(3)).atMost(LEASE.multipliedBy(4))
                    .until(() -> "received".equals(status(jdbc, eventId)) && attempts(jdbc, eventId) == 1);

            doomed.kill();
            Instant killed = Instant.now();
            instances.simulator().faults().reset();
            await("the survivor processes the event").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> "processed".equals(status(jdbc, eventId)));
            Instant processed = jdbc.sql("select processed_at from webhook_events where event_id = :id")
                    .param("id", eventId).query(Timestamp.class).single().toInstant();
            Duration takeover = Duration.between(killed, processed);
            log.info("Event {} held by the killed instance was processed by another {} ms after the kill (lease {})",
                    eventId, takeover.toMillis(), LEASE);
            assertThat(attempts(jdbc, eventId)).isEqualTo(2);
            assertThat(takeover).isLessThan(LEASE.plusSeconds(10));
            assertThat(survivor.api().get("/actuator/health/readiness").status()).isEqualTo(200);
        }
    }

    private static int attempts(JdbcClient jdbc, String eventId) {
        return jdbc.sql("select attempts from webhook_events where event_id = :id").param("id", eventId)
                .query(Integer.class).optional().orElse(0);
    }

    private static String status(JdbcClient jdbc, String eventId) {
        return jdbc.sql("select status from webhook_events where event_id = :id").param("id", eventId)
                .query(String.class).single();
    }
}
