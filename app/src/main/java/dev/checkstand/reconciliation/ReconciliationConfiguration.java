package dev.checkstand.reconciliation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reconciler's jobs, cluster-safe on db-scheduler. */
@Configuration(proxyBeanMethods = false)
class ReconciliationConfiguration {

    @Bean
    RecurringTask<Void> eventsCatchUpJob(EventCatchUp catchUp, ReconciliationSettings settings) {
        return Tasks.recurring("events-catch-up", FixedDelay.of(settings.catchUpInterval()))
                .execute((instance, context) -> {
                    try {
                        catchUp.run();
                    } catch (EventCatchUp.EventListRefused refused) {
                        // Logged with Stripe's message where it happened; the next pass asks again.
                    }
                });
    }

    @Bean
    RecurringTask<Void> staleOrderSyncJob(StaleOrderSync sync, ReconciliationSettings settings) {
        return Tasks.recurring("stale-order-sync", FixedDelay.of(settings.staleSyncInterval()))
                .execute((instance, context) -> sync.runScheduled());
    }
}
