package dev.checkstand.payment.webhook;

import dev.checkstand.payment.PaymentOutcomes;
import dev.checkstand.payment.RefundOutcomes;
import dev.checkstand.payment.SessionOutcomes;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the webhook processor to its own bounded executor and to the outcome handlers. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    /** Processes stored events that are due: retries, and any left behind by a process that stopped. */
    @Bean
    RecurringTask<Void> webhookInboxJob(WebhookProcessor processor, WebhookSettings settings) {
        return Tasks.recurring("webhook-inbox", FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> processor.processDue());
    }

    @Bean
    WebhookProcessor.Handlers webhookHandlers(PaymentOutcomes payments, SessionOutcomes sessions, RefundOutcomes refunds) {
        return new WebhookProcessor.Handlers(payments, sessions, refunds);
    }

    @Bean
    WebhookWorkers webhookWorkers(WebhookSettings settings, MeterRegistry meters) {
        return new WebhookWorkers(settings.processingThreads(), settings.processingQueue(), meters);
    }

    @Bean
    WebhookProcessor.Collaborators webhookProcessorCollaborators(
            WebhookWorkers workers, TransactionTemplate transactions,
            JsonMapper json, Clock clock, WebhookSettings settings) {
        return new WebhookProcessor.Collaborators(workers, transactions, json, clock, settings);
    }
}
