package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.PaymentStorm;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Background processing right after the acknowledgement is bounded (one worker, no queue here): events that find it
 * busy are left to the inbox poller and to the worker's catch-up once it is free, and every order is still paid exactly
 * once. While the deliveries arrive (a wide
 * busy window here, so that every batch of the storm falls in it), the background batches take turns.
 */
@CheckstandIntegrationTest
@TestPropertySource(properties = {"checkstand.webhooks.processing-threads=1", "checkstand.webhooks.processing-queue=0",
        "checkstand.background.busy-window=1m"})
class WebhookBackpressureIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    MeterRegistry meters;

    @Test
    void eventsThatFindEveryWorkerBusyArePaidOnceLater() throws Exception {
        new PaymentStorm(List.of(api), simulator, jdbc).run(80, 0, 3);

        assertThat(meters.counter("checkstand.webhooks.deferred").count())
                .as("some events found the one worker busy and were left to the poller or the catch-up")
                .isPositive();
        assertThat(jdbc.sql("select count(*) from webhook_events where status = 'processed' and source = 'stripe'").query(Long.class).single())
                .isEqualTo(80);
        for (String batch : List.of("webhooks", "listeners")) {
            assertThat(meters.timer("checkstand.background.turn.wait", "batch", batch).count())
                    .as("%s batches that waited for their turn", batch)
                    .isPositive();
        }
    }
}
