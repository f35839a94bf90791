package dev.checkstand.platform;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes completed event publications once they are older than {@code checkstand.events.keep-completed} (7 days),
 * looking every {@code checkstand.events.purge-interval} (1 h). The service's own completion mode, {@code delete},
 * leaves none: a completion deletes its row. Under Modulith's {@code update} mode a completed publication is kept as a
 * row for ever (two per paid order, which nothing reads once completed), so without this the table and its three
 * indexes would grow with every order; the job also takes what that mode kept before a switch to {@code delete}.
 * Incomplete publications (failed, in flight, resubmitted) are never deleted: they are the ones run again.
 * <p>
 * The rows go by {@code checkstand.events.purge-batch} (10,000), each batch its own statement and transaction, oldest
 * first along the completion date's index, so a first run over years of rows holds no long transaction and writes its
 * log a batch at a time; a pass stops between batches once the scheduler shuts down. Spring Modulith's own
 * {@code CompletedEventPublications.deletePublicationsOlderThan} deletes them all by one statement. One instance runs
 * each pass (db-scheduler).
 */
@Configuration(proxyBeanMethods = false)
class EventPublicationRetention {

    private static final Logger log = LoggerFactory.getLogger(EventPublicationRetention.class);

    @Bean
    RecurringTask<Void> eventPublicationPurgeJob(JdbcClient jdbc, Clock clock, Environment environment) {
        Duration keep = positive(environment, "checkstand.events.keep-completed", Duration.ofDays(7));
        Duration interval = positive(environment, "checkstand.events.purge-interval", Duration.ofHours(1));
        Purge purge = new Purge(jdbc, environment.getProperty("checkstand.events.purge-batch", Integer.class, 10_000));
        return Tasks.recurring("event-publication-purge", FixedDelay.of(interval))
                .execute((instance, context) -> purge.completedBefore(clock.instant().minus(keep),
                        () -> context.getSchedulerState().isShuttingDown()));
    }

    private static Duration positive(Environment environment, String name, Duration fallback) {
        Duration value = environment.getProperty(name, Duration.class, fallback);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
        return value;
    }

    /** The deletion itself, a batch at a time. */
    static final class Purge {

        private final JdbcClient jdbc;
        private final int batch;

        Purge(JdbcClient jdbc, int batch) {
            if (batch < 1) {
                throw new IllegalArgumentException("checkstand.events.purge-batch must be at least 1, not " + batch);
            }
            this.jdbc = jdbc;
            this.batch = batch;
        }

        /**
         * Deletes the publications completed before {@code before}, a batch per statement, until none is left or
         * {@code stop} says so after a batch; returns how many it deleted.
         */
        long completedBefore(Instant before, BooleanSupplier stop) {
            long deleted = 0;
            int last;
            do {
                last = jdbc.sql("""
                                delete from event_publication
                                 where id in (select id from event_publication
                                               where completion_date < :before
                                               order by completion_date
                                               limit :batch)""")
                        .param("before", Timestamp.from(before))
                        .param("batch", batch)
                        .update();
                deleted += last;
            } while (last == batch && !stop.getAsBoolean());
            if (deleted > 0) {
                log.info("Deleted {} event publications completed before {}", deleted, before);
            }
            return deleted;
        }
    }
}
