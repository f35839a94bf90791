package dev.checkstand.reconciliation;

import dev.checkstand.platform.DatabaseGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The reconciler's figures: per-order syncs against Stripe by outcome (the sync success rate), and the mismatches of
 * the newest scheduled audit by kind, read from the database so every instance shows the same.
 */
@Component
class ReconciliationMetrics {

    static final List<String> SYNC_OUTCOMES = List.of("synced", "failed", "skipped");

    private final MeterRegistry meters;

    ReconciliationMetrics(MeterRegistry meters, DatabaseGauges gauges, AuditRecords audits) {
        this.meters = meters;
        SYNC_OUTCOMES.forEach(this::syncCounter);
        gauges.register("checkstand.reconciliation.mismatches",
                "Mismatches between local state and Stripe found by the newest scheduled audit, by kind", null,
                ReconciliationAudit.KINDS.stream().map(kind -> Tags.of("kind", kind)).toList(), () -> {
                    Map<Tags, Integer> byKind = new HashMap<>();
                    audits.latestCounts().forEach((kind, count) -> byKind.put(Tags.of("kind", kind), count));
                    return byKind;
                });
    }

    void synced(StaleOrderSync.Result result) {
        syncCounter("synced").increment(result.synced());
        syncCounter("failed").increment(result.failed());
        syncCounter("skipped").increment(result.skipped());
    }

    private Counter syncCounter(String outcome) {
        return Counter.builder("checkstand.order.sync")
                .description("Pending orders re-read from Stripe by the reconciler or an admin's sync-orders, by"
                        + " outcome: synced, failed (Stripe could not be asked), skipped (nothing at Stripe yet)")
                .tags("outcome", outcome)
                .register(meters);
    }
}
