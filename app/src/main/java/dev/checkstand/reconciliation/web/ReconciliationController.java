package dev.checkstand.reconciliation.web;

import dev.checkstand.reconciliation.EventCatchUp;
import dev.checkstand.reconciliation.StaleOrderSync;
import java.time.Clock;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs the reconciliation pass on demand. */
@RestController
class ReconciliationController {

    private final EventCatchUp catchUp;
    private final StaleOrderSync staleOrders;
    private final Clock clock;

    ReconciliationController(EventCatchUp catchUp, StaleOrderSync staleOrders, Clock clock) {
        this.catchUp = catchUp;
        this.staleOrders = staleOrders;
        this.clock = clock;
    }

    /** Catches up with Stripe's events, then re-reads every pending order not heard about in this pass. */
    @PostMapping("/api/admin/sync-orders")
    SyncResult syncOrders() {
        EventCatchUp.Result events = catchUp.run();
        StaleOrderSync.Result orders = staleOrders.run(clock.instant());
        return new SyncResult(orders.synced(), orders.failed(), orders.skipped(),
                new Events(events.pages(), events.seen(), events.stored()));
    }

    record SyncResult(int synced, int failed, int skipped, Events events) {
    }

    record Events(int listCalls, int seen, int stored) {
    }
}
