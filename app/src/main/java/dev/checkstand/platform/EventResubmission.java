package dev.checkstand.platform;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Runs again every event listener that has not completed its publication (it failed, or its instance died), once
 * the publication is older than {@code checkstand.events.resubmit-after} (15 s; the listeners finish in milliseconds),
 * looking every {@code checkstand.events.resubmit-interval} (5 s): a publication a killed instance left in flight is
 * run elsewhere within about 20 s. The cost: one indexed query on {@code event_publication} every 5 s, by one
 * instance. Start-up does the same for everything outstanding. One instance runs each pass (db-scheduler); listeners are idempotent, so a publication run twice — a
 * slow listener overtaken by a resubmission — changes nothing the second time.
 */
@Configuration(proxyBeanMethods = false)
class EventResubmission {

    /** How old a publication (or its last resubmission) must be to be run again, unless configured otherwise. */
    static final Duration DEFAULT_AFTER = Duration.ofSeconds(15);

    @Bean
    RecurringTask<Void> eventResubmissionJob(IncompleteEventPublications incomplete,
            @Value("${checkstand.events.resubmit-interval:5s}") Duration interval,
            @Value("${checkstand.events.resubmit-after:15s}") Duration after) {
        return Tasks.recurring("event-resubmission", FixedDelay.of(interval))
                .execute((instance, context) -> incomplete.resubmitIncompletePublicationsOlderThan(after));
    }
}
