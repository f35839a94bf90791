package dev.checkstand.reconciliation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the reconciler runs: the events catch-up interval, how far back a first catch-up looks and how much each pass
 * overlaps the last; the stale-order interval, when a pending order counts as stale, and the batch size; how often the
 * scheduled audit runs and the window of Stripe's objects it reads (its local checks need no window).
 */
@ConfigurationProperties("checkstand.reconciliation")
record ReconciliationSettings(@DefaultValue("5m") Duration catchUpInterval, @DefaultValue("3d") Duration initialLookback,
        @DefaultValue("10m") Duration overlap, @DefaultValue("2m") Duration staleSyncInterval,
        @DefaultValue("10m") Duration staleAfter, @DefaultValue("50") int staleBatch,
        @DefaultValue("15m") Duration auditInterval, @DefaultValue("1d") Duration auditWindow) {
}
