package dev.checkstand.fulfillment;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The fulfillment module's jobs: due submissions and cancellations, and re-reads of open orders heard nothing of. */
@Configuration(proxyBeanMethods = false)
class FulfillmentConfiguration {

    /** Submits what was not submitted right after payment: the provider failed, or its instance stopped. */
    @Bean
    RecurringTask<Void> fulfillmentSubmissionJob(FulfillmentWorker worker, FulfillmentSettings settings) {
        return Tasks.recurring("fulfillment-submission", FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> worker.runDue(() -> context.getSchedulerState().isShuttingDown()));
    }

    /** Re-reads open provider orders not heard of for {@code checkstand.fulfillment.sync-after}. */
    @Bean
    RecurringTask<Void> fulfillmentSyncJob(FulfillmentWorker worker, FulfillmentSettings settings) {
        return Tasks.recurring("fulfillment-sync", FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> worker.syncStale());
    }
}
