package dev.checkstand.reconciliation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.platform.ProviderBackoff;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reconciler's jobs, cluster-safe on db-scheduler. While Stripe keeps failing (its circuit breaker open) they skip
 * their runs: every read would fail fast, and what they catch up on waits safely in Stripe until it answers.
 */
@Configuration(proxyBeanMethods = false)
class ReconciliationConfiguration {

    @Bean
    RecurringTask<Void> eventsCatchUpJob(EventCatchUp catchUp, ReconciliationSettings settings, PaymentGateway gateway) {
        ProviderBackoff backoff = new ProviderBackoff("Events catch-up", "Stripe");
        return Tasks.recurring("events-catch-up", FixedDelay.of(settings.catchUpInterval()))
                .execute((instance, context) -> {
                    if (backoff.skip(gateway.failingFastFor())) {
                        return;
                    }
                    try {
                        catchUp.run();
                    } catch (EventCatchUp.EventListRefused refused) {
                        // Logged with Stripe's message where it happened; the next pass asks again.
                    }
                });
    }

    @Bean
    RecurringTask<Void> staleOrderSyncJob(StaleOrderSync sync, ReconciliationSettings settings, PaymentGateway gateway) {
        ProviderBackoff backoff = new ProviderBackoff("Stale order sync", "Stripe");
        return Tasks.recurring("stale-order-sync", FixedDelay.of(settings.staleSyncInterval()))
                .execute((instance, context) -> {
                    if (!backoff.skip(gateway.failingFastFor())) {
                        sync.runScheduled();
                    }
                });
    }
}
