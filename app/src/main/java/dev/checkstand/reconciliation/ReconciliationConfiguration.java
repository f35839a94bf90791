package dev.checkstand.reconciliation;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import dev.checkstand.platform.ProviderBackoff;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reconciler's jobs, cluster-safe on db-scheduler. While Stripe keeps failing (its circuit breaker open) they skip
 * their runs: every read would fail fast, and what they catch up on waits safely in Stripe until it answers.
 */
@Configuration(proxyBeanMethods = false)
class ReconciliationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationConfiguration.class);

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

    /** The audit over the last window, kept for the mismatch gauges; skipped (and logged) while Stripe cannot be read. */
    @Bean
    RecurringTask<Void> reconciliationAuditJob(ReconciliationAudit audit, AuditRecords records,
            ReconciliationSettings settings, Clock clock, PaymentGateway gateway) {
        ProviderBackoff backoff = new ProviderBackoff("Reconciliation audit", "Stripe");
        return Tasks.recurring("reconciliation-audit", FixedDelay.of(settings.auditInterval()))
                .execute((instance, context) -> {
                    if (backoff.skip(gateway.failingFastFor())) {
                        return;
                    }
                    Instant now = clock.instant();
                    try {
                        records.save(audit.run(now.minus(settings.auditWindow()), now));
                    } catch (PaymentProviderUnavailable unavailable) {
                        log.warn("Scheduled reconciliation audit skipped: {}", unavailable.getMessage());
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
