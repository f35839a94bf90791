package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.platform.database.EmbeddedDatabase;
import dev.checkstand.support.Api;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Health that says what is wrong: components with their details for the ADMIN role only, and a readiness probe that
 * says DOWN, and why, within its time-out when the database is gone, while liveness stays UP. On backends of its own.
 */
class HealthIntegrationTests {

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("health");

    @Test
    void aQuietInstanceShowsAnAdminWhatWaitsAndWhatFailedAndAnonymousCallersOnlyItsStatus() {
        ServiceInstance service = instances.start();
        // A dead letter from three days ago and an event that has just arrived: worth showing, not worth a warning.
        storeEvent("evt_health_old", "failed", Instant.now().minus(Duration.ofDays(3)));
        storeEvent("evt_health_new", "received", Instant.now());

        Api.Response admin = service.api().getAsAdmin("/actuator/health");
        Api.Response anonymous = service.api().get("/actuator/health");

        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.text("status")).isEqualTo("UP");
        JsonNode components = admin.json().path("components");
        JsonNode inbox = components.path("inbox");
        assertThat(inbox.path("status").asString()).isEqualTo("UP");
        assertThat(inbox.path("details").path("received").path("stripe").path("count").asLong()).isEqualTo(1);
        assertThat(inbox.path("details").path("received").path("printful").path("count").asLong()).isZero();
        assertThat(inbox.path("details").path("failed").asLong()).isEqualTo(1);
        assertThat(inbox.path("details").path("failedLastDay").asLong()).isZero();
        JsonNode mail = components.path("mail");
        assertThat(mail.path("status").asString()).isEqualTo("UP");
        assertThat(mail.path("details").path("smtp").asString()).startsWith("not configured");
        assertThat(mail.path("details").path("pending").asLong()).isZero();
        assertThat(mail.path("details").path("failed").asLong()).isZero();
        assertThat(components.path("db").path("details").path("database").asString()).isEqualTo("PostgreSQL");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().propertyNames()).contains("status").doesNotContain("components", "details");
    }

    @Test
    void withTheDatabaseGoneReadinessIsDownWithTheReasonForAnAdminAndLivenessStaysUp() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(
                Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "checkstand-health-db"), false);
        boolean stopped = false;
        // The pool waits 2 s for a connection; the check answers after half a second whatever the pool does.
        try (ServiceInstance service = ServiceInstance.start(database.jdbcUrl(), instances.simulator(),
                "--spring.datasource.hikari.connection-timeout=2000", "--checkstand.health.database-timeout=500ms")) {
            assertThat(service.api().get("/actuator/health/readiness").status()).isEqualTo(200);

            database.close();
            stopped = true;

            Instant asked = Instant.now();
            Api.Response readiness = service.api().get("/actuator/health/readiness");
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(2));
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.json().propertyNames()).containsExactly("status");
            assertThat(readiness.text("status")).isEqualTo("DOWN");
            Api.Response liveness = service.api().get("/actuator/health/liveness");
            assertThat(liveness.status()).isEqualTo(200);
            assertThat(liveness.text("status")).isEqualTo("UP");
            // Once the pool gave up on its own, an admin reads why: the driver's word that nothing listens there.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Api.Response admin = service.api().getAsAdmin("/actuator/health/readiness");
                assertThat(admin.status()).isEqualTo(503);
                JsonNode db = admin.json().path("components").path("db");
                assertThat(db.path("status").asString()).isEqualTo("DOWN");
                assertThat(db.path("details").toString()).contains("Connection to localhost:" + database.port()
                        + " refused");
            });
            Api.Response anonymous = service.api().get("/actuator/health/readiness");
            assertThat(anonymous.status()).isEqualTo(503);
            assertThat(anonymous.body()).doesNotContain("refused", "localhost");
            // The API says the same, as a problem to retry, not as a bug (500).
            Api.Response products = service.api().get("/api/products");
            assertThat(products.status()).isEqualTo(503);
            assertThat(products.text("code")).isEqualTo("database_unavailable");
            assertThat(products.header("Retry-After")).isEqualTo("5");
            assertThat(products.body()).doesNotContain("localhost");
        } finally {
            if (!stopped) {
                database.close();
            }
        }
    }

    private static void storeEvent(String eventId, String status, Instant at) {
        instances.jdbc().sql("""
                insert into webhook_events (source, event_id, type, payload, status, attempts, next_attempt_at,
                                            received_at, processed_at)
                values ('stripe', :eventId, 'test.health', '{}', :status, 1, :next, :at, :processed)""")
                .param("eventId", eventId)
                .param("status", status)
                .param("next", Timestamp.from(Instant.now().plus(Duration.ofHours(1))))
                .param("at", Timestamp.from(at))
                .param("processed", "failed".equals(status) ? Timestamp.from(at) : null)
                .update();
    }
}
