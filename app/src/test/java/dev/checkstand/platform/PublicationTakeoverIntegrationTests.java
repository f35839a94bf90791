package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.ServiceProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 17, item 2, for event publications: an {@code OrderPaid} whose fulfillment listener is still running on an
 * instance that is then killed (SIGKILL, a JVM of its own) is run again by another instance's resubmission job, within
 * about 20 s, and the order gets its one fulfillment. The listener is held mid-way by a lock the test takes on the
 * fulfillments table, so the kill surely lands while the publication is in flight.
 */
class PublicationTakeoverIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(PublicationTakeoverIntegrationTests.class);

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("publication-takeover");

    @Test
    void aPublicationInFlightOnAKilledInstanceIsCompletedByAnother() throws Exception {
        JdbcClient jdbc = instances.jdbc();
        try (ServiceProcess doomed = ServiceProcess.start("publication-doomed", instances.jdbcUrl(),
                instances.simulator())) {
            Api doomedApi = doomed.awaitReady().api();
            ServiceInstance survivor = instances.start();
            UUID product = Catalogs.product(jdbc, 1300, 10, Catalogs.MUG_VARIANT);
            instances.simulator().setWebhookDeliveryEnabled(false);
            Api.Response checkout = doomedApi.post("/api/create-payment-intent", Checkouts.of(product, 1));
            assertThat(checkout.status()).isEqualTo(201);
            new Browser(instances.simulator().baseUrl(), instances.simulator().publishableKey())
                    .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
            UUID order = UUID.fromString(checkout.text("orderId"));

            try (Connection blocker = DriverManager.getConnection(instances.jdbcUrl(), "postgres", "")) {
                blocker.setAutoCommit(false);
                try (Statement lock = blocker.createStatement()) {
                    // Inserts wait; reads go on.
                    lock.execute("lock table fulfillments in share mode");
                }
                assertThat(doomedApi.post("/api/payments/confirm", Map.of("paymentIntentId",
                        checkout.text("paymentIntentId"))).json().path("success").asBoolean()).isTrue();
                await("the fulfillment listener is in flight on the doomed instance").atMost(Duration.ofSeconds(20))
                        .until(() -> inFlight(jdbc) > 0);
                doomed.kill();
                blocker.rollback();
            }
            Instant killed = Instant.now();

            await("another instance completes the publication").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> fulfillments(jdbc, order) == 1);
            Duration takeover = Duration.between(killed, Instant.now());
            log.info("OrderPaid in flight on the killed instance was completed by another {} ms after the kill",
                    takeover.toMillis());
            assertThat(takeover).isLessThan(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight(jdbc) == 0);
            assertThat(fulfillments(jdbc, order)).isEqualTo(1);
            assertThat(survivor.api().get("/actuator/health/readiness").status()).isEqualTo(200);
        }
    }

    private static long inFlight(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from event_publication where completion_date is null")
                .query(Long.class).single();
    }

    private static long fulfillments(JdbcClient jdbc, UUID order) {
        return jdbc.sql("select count(*) from fulfillments where order_id = :id").param("id", order)
                .query(Long.class).single();
    }
}
