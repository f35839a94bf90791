package dev.checkstand.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The inbox's health component tells an admin what waits and what failed for good, says WARNING when that needs
 * them, and never takes the instance out of service for it.
 */
@CheckstandIntegrationTest
class InboxHealthIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    private final String marker = "health-" + UUID.randomUUID();

    @AfterEach
    void removeTheTestsEvents() {
        jdbc.sql("delete from webhook_events where event_id like :marker").param("marker", marker + "%").update();
    }

    @Test
    void anOldBacklogAndADeadLetterAreAWarningForAnAdminButTheServiceStaysUpAndReady() {
        JsonNode before = inbox();
        long failedBefore = before.path("details").path("failed").asLong();
        // A Stripe event waiting 10 minutes (a retry scheduled an hour ahead, so no poller takes it meanwhile), and
        // one that failed for good a minute ago.
        store(marker + "-waiting", "received", Instant.now().minus(Duration.ofMinutes(10)), null);
        store(marker + "-failed", "failed", Instant.now().minus(Duration.ofMinutes(2)),
                Instant.now().minus(Duration.ofMinutes(1)));

        JsonNode inbox = inbox();

        assertThat(inbox.path("status").asString()).isEqualTo("WARNING");
        JsonNode details = inbox.path("details");
        JsonNode stripe = details.path("received").path("stripe");
        assertThat(stripe.path("count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(Duration.parse(stripe.path("oldestAge").asString())).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(details.path("received").has("printful")).isTrue();
        assertThat(details.path("failed").asLong()).isEqualTo(failedBefore + 1);
        assertThat(details.path("failedLastDay").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(details.path("warnings").valueStream().map(JsonNode::asString))
                .anySatisfy(warning -> assertThat(warning).startsWith("stripe events have waited"))
                .anySatisfy(warning -> assertThat(warning).contains("failed for good in the last day"));

        Api.Response health = api.getAsAdmin("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        Api.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.text("status")).isEqualTo("UP");
        Api.Response anonymous = api.get("/actuator/health");
        assertThat(anonymous.json().propertyNames()).contains("status").doesNotContain("components", "details");
        assertThat(anonymous.text("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/inbox").status()).isEqualTo(404);
    }

    private JsonNode inbox() {
        Api.Response health = api.getAsAdmin("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        return health.json().path("components").path("inbox");
    }

    private void store(String eventId, String status, Instant receivedAt, Instant processedAt) {
        jdbc.sql("""
                insert into webhook_events (source, event_id, type, payload, status, attempts, next_attempt_at,
                                            received_at, processed_at)
                values ('stripe', :eventId, 'test.health', '{}', :status, 1, :next, :received, :processed)""")
                .param("eventId", eventId)
                .param("status", status)
                .param("next", Timestamp.from(Instant.now().plus(Duration.ofHours(1))))
                .param("received", Timestamp.from(receivedAt))
                .param("processed", processedAt == null ? null : Timestamp.from(processedAt))
                .update();
    }
}
