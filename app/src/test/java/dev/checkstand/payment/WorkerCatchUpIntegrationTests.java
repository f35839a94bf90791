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
 * Events refused by the one busy worker (no queue here) are caught up with by that worker once it is free, without
 * the poller (off here): every order is paid exactly once, and no event is left waiting for a poll that never comes.
 */
@CheckstandIntegrationTest
@TestPropertySource(properties = {"checkstand.webhooks.processing-threads=1", "checkstand.webhooks.processing-queue=0",
        "checkstand.webhooks.poll=false"})
class WorkerCatchUpIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    MeterRegistry meters;

    @Test
    void eventsThatFindTheWorkerBusyArePaidOnceByItsCatchUpWithThePollerOff() throws Exception {
        double refusedBefore = meters.counter("checkstand.webhooks.deferred").count();

        // One delivery each: an event refused is not offered to the worker again by a second delivery. The storm
        // asserts that every order is paid exactly once and that no stored event is left waiting.
        new PaymentStorm(List.of(api), simulator, jdbc).run(80, 0, 1);

        assertThat(meters.counter("checkstand.webhooks.deferred").count() - refusedBefore)
                .as("some events found the one worker busy")
                .isPositive();
    }
}
