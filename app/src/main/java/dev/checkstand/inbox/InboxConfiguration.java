package dev.checkstand.inbox;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The inbox's job, its own bounded workers, its writer and the webhook routes' direct answer. */
@Configuration(proxyBeanMethods = false)
class InboxConfiguration {

    /**
     * Processes stored events that are due: retries, and any left behind by a process that stopped. A long backlog is
     * left between two batches once the scheduler shuts down; what is left stays due for the next instance's run.
     */
    @Bean
    RecurringTask<Void> webhookInboxJob(InboxProcessor processor, InboxSettings settings) {
        return Tasks.recurring("webhook-inbox", FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> {
                    if (settings.poll()) {
                        processor.processDue(() -> context.getSchedulerState().isShuttingDown());
                    }
                });
    }

    /** Processing right after receipt, unless switched off (then the poller processes every event). */
    @Bean
    InboxWorkers inboxWorkers(InboxSettings settings, MeterRegistry meters) {
        return settings.processOnReceipt()
                ? new InboxWorkers(settings.processingThreads(), settings.processingQueue(),
                        settings.processingBatch(), meters)
                : InboxWorkers.off();
    }

    /** Deliveries stored with group commit. */
    @Bean
    InboxWriter inboxWriter(InboxEvents events, InboxSettings settings) {
        return new InboxWriter(events, settings.writers(), settings.writeGroup());
    }

    /**
     * The webhook routes' usual answer before the security chain and MVC: after the request id and the body limit
     * ({@code HIGHEST_PRECEDENCE}, {@code + 1}), before everything else, for the routes' paths only.
     */
    @Bean
    FilterRegistrationBean<DirectWebhooks> directWebhooks(WebhookReceipt receipt, InboxProcessor processor,
            InboxSettings settings) {
        FilterRegistrationBean<DirectWebhooks> registration =
                new FilterRegistrationBean<>(new DirectWebhooks(receipt, processor));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.addUrlPatterns(DirectWebhooks.STRIPE, DirectWebhooks.STRIPE_CONNECT, DirectWebhooks.PRINTFUL + "*");
        registration.setEnabled(settings.direct());
        return registration;
    }
}
