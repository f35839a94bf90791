package dev.checkstand.inbox;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The inbox's job and its own bounded workers. */
@Configuration(proxyBeanMethods = false)
class InboxConfiguration {

    /** Processes stored events that are due: retries, and any left behind by a process that stopped. */
    @Bean
    RecurringTask<Void> webhookInboxJob(InboxProcessor processor, InboxSettings settings) {
        return Tasks.recurring("webhook-inbox", FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> {
                    if (settings.poll()) {
                        processor.processDue();
                    }
                });
    }

    /** Processing right after receipt, unless switched off (then the poller processes every event). */
    @Bean
    InboxWorkers inboxWorkers(InboxSettings settings, MeterRegistry meters) {
        return settings.processOnReceipt()
                ? new InboxWorkers(settings.processingThreads(), settings.processingQueue(), meters)
                : InboxWorkers.off();
    }
}
