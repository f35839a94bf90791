package dev.checkstand.platform;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
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

    @Bean
    RecurringTask<Void> eventResubmissionJob(IncompleteEventPublications incomplete,
            @Value("${checkstand.events.resubmit-interval:5s}") Duration interval, Environment environment) {
        Duration after = after(environment);
        return Tasks.recurring("event-resubmission", FixedDelay.of(interval))
                .execute((instance, context) -> incomplete.resubmitIncompletePublicationsOlderThan(after));
    }

    /**
     * How old a publication must be, or its last resubmission, to be run again:
     * {@code checkstand.events.resubmit-after} (15 s). The registry's repository reads it too
     * ({@link EventPublicationCompletion.WrittenTogether}).
     */
    static Duration after(Environment environment) {
        return environment.getProperty("checkstand.events.resubmit-after", Duration.class, Duration.ofSeconds(15));
    }
}
