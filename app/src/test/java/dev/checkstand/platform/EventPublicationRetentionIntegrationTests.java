package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.SchedulerState;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.checkstand.support.Backends;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

/** Completed event publications deleted once old, a batch at a time; everything that may still run kept. */
class EventPublicationRetentionIntegrationTests {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Instant CUTOFF = NOW.minus(Duration.ofDays(7));

    private static Backends backends;
    private static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        backends = Backends.start("publication-retention");
        backends.migrate();
        jdbc = backends.jdbc();
    }

    @AfterAll
    static void stop() {
        backends.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("delete from event_publication").update();
    }

    @Test
    void onlyPublicationsCompletedBeforeTheCutoffAreDeleted() {
        UUID old = publication("COMPLETED", NOW.minus(Duration.ofDays(30)), CUTOFF.minusSeconds(1));
        UUID recent = publication("COMPLETED", NOW.minus(Duration.ofDays(30)), CUTOFF.plusSeconds(1));
        UUID failed = publication("FAILED", NOW.minus(Duration.ofDays(30)), null);
        UUID resubmitted = publication("RESUBMITTED", NOW.minus(Duration.ofDays(30)), null);
        UUID published = publication("PUBLISHED", NOW.minus(Duration.ofDays(30)), null);

        long deleted = new EventPublicationRetention.Purge(jdbc, 10).completedBefore(CUTOFF, () -> false);

        assertThat(deleted).isEqualTo(1);
        assertThat(remaining()).doesNotContain(old).containsExactlyInAnyOrder(recent, failed, resubmitted, published);
    }

    @Test
    void settingsThatCouldNotPurgeAreRefusedAtStartUp() {
        EventPublicationRetention retention = new EventPublicationRetention();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        assertThatThrownBy(() -> retention.eventPublicationPurgeJob(jdbc, clock,
                settings("checkstand.events.keep-completed", "0s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkstand.events.keep-completed");
        assertThatThrownBy(() -> retention.eventPublicationPurgeJob(jdbc, clock,
                settings("checkstand.events.purge-interval", "-1h")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkstand.events.purge-interval");
        assertThatThrownBy(() -> retention.eventPublicationPurgeJob(jdbc, clock,
                settings("checkstand.events.purge-batch", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkstand.events.purge-batch");
        assertThat(retention.eventPublicationPurgeJob(jdbc, clock, settings("checkstand.events.keep-completed", "1d")).getName())
                .isEqualTo("event-publication-purge");
    }

    @Test
    void theJobDeletesWhatWasCompletedLongerAgoThanItKeepsByTheServicesClock() {
        // Kept 3 days here, by a service clock fixed at NOW: by any other clock both or neither would be older.
        Instant cutoff = NOW.minus(Duration.ofDays(3));
        UUID old = publication("COMPLETED", NOW.minus(Duration.ofDays(30)), cutoff.minusSeconds(1));
        UUID recent = publication("COMPLETED", NOW.minus(Duration.ofDays(30)), cutoff.plusSeconds(1));
        UUID failed = publication("FAILED", NOW.minus(Duration.ofDays(30)), null);
        RecurringTask<Void> job = new EventPublicationRetention().eventPublicationPurgeJob(jdbc,
                Clock.fixed(NOW, ZoneOffset.UTC), settings("checkstand.events.keep-completed", "3d"));

        // As db-scheduler runs it; the job reads only the scheduler's state (shutting down or not) of its context.
        job.execute(job.instance(RecurringTask.INSTANCE),
                new ExecutionContext(new SchedulerState.SettableSchedulerState(), null, null, null));

        assertThat(remaining()).doesNotContain(old).containsExactlyInAnyOrder(recent, failed);
    }

    // Converted as the service's environment converts them ("7d", "1h", "archive").
    static MockEnvironment settings(String name, String value) {
        MockEnvironment environment = new MockEnvironment().withProperty(name, value);
        environment.setConversionService(new ApplicationConversionService());
        return environment;
    }

    @Test
    void aPassDeletesBatchAfterBatchUntilNoneIsLeft() {
        for (int day = 8; day < 13; day++) {
            publication("COMPLETED", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(day)));
        }
        UUID kept = publication("COMPLETED", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)));

        long deleted = new EventPublicationRetention.Purge(jdbc, 2).completedBefore(CUTOFF, () -> false);

        assertThat(deleted).isEqualTo(5);
        assertThat(remaining()).containsExactly(kept);
    }

    @Test
    void aPassToldToStopEndsAfterTheBatchItIsInOldestFirst() {
        // Written newest first, so that the table's own order is not the oldest-first one the pass must follow.
        List<UUID> newestFirst = new ArrayList<>();
        for (int day = 8; day <= 12; day++) {
            newestFirst.add(publication("COMPLETED", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(day))));
        }
        AtomicInteger asked = new AtomicInteger();

        long deleted = new EventPublicationRetention.Purge(jdbc, 2).completedBefore(CUTOFF,
                () -> asked.incrementAndGet() > 0);

        assertThat(deleted).isEqualTo(2);
        assertThat(asked).hasValue(1);
        assertThat(remaining()).containsExactlyInAnyOrderElementsOf(newestFirst.subList(0, 3));
    }

    private static UUID publication(String status, Instant published, Instant completed) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into event_publication (id, listener_id, event_type, serialized_event, publication_date,
                                               completion_date, status, completion_attempts)
                values (:id, 'dev.checkstand.Listener.on(dev.checkstand.order.OrderPaid)',
                        'dev.checkstand.order.OrderPaid', :event, :published, :completed, :status, 1)""")
                .param("id", id)
                .param("event", "{\"orderId\":\"" + id + "\"}")
                .param("published", Timestamp.from(published))
                .param("completed", completed == null ? null : Timestamp.from(completed))
                .param("status", status)
                .update();
        return id;
    }

    private static List<UUID> remaining() {
        return jdbc.sql("select id from event_publication").query(UUID.class).list();
    }
}
