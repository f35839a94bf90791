package dev.checkstand.reconciliation.web;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.reconciliation.EventCatchUp;
import dev.checkstand.reconciliation.ManualReconciliation;
import dev.checkstand.reconciliation.ReconciliationAudit;
import dev.checkstand.reconciliation.StaleOrderSync;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Runs the reconciliation pass on demand. */
@RestController
class ReconciliationController {

    private final ManualReconciliation reconciliation;
    private final ReconciliationAudit audit;
    private final Clock clock;

    ReconciliationController(ManualReconciliation reconciliation, ReconciliationAudit audit, Clock clock) {
        this.reconciliation = reconciliation;
        this.audit = audit;
        this.clock = clock;
    }

    /** The audit of local state against Stripe for [from, to] (default: the last 24 hours; at most 30 days). */
    @GetMapping("/api/admin/reconciliation")
    ReconciliationAudit.Report audit(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(Duration.ofDays(1));
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(Duration.ofDays(30)) > 0) {
            throw InvalidRequest.of("from", "must be before to, at most 30 days apart");
        }
        return audit.run(start, end);
    }

    /** Catches up with Stripe's events, then re-reads every pending order not heard about in this pass. */
    @ApiResponse(responseCode = "200", description = "What the pass did", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "502", description = "payment_provider_rejected: Stripe refused to list its events")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe did not answer; retry")
    @PostMapping("/api/admin/sync-orders")
    SyncResult syncOrders() {
        ManualReconciliation.Result pass = reconciliation.runNow();
        EventCatchUp.Result events = pass.events();
        StaleOrderSync.Result orders = pass.orders();
        return new SyncResult(orders.synced(), orders.failed(), orders.skipped(),
                new Events(events.pages(), events.seen(), events.stored()));
    }

    record SyncResult(int synced, int failed, int skipped, Events events) {
    }

    record Events(int listCalls, int seen, int stored) {
    }
}
