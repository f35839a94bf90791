package dev.checkstand.reconciliation;

import dev.checkstand.platform.ManualInterventions;
import java.time.Clock;
import org.springframework.stereotype.Service;

/**
 * The reconciliation pass an admin runs now (console or API): Stripe's events caught up, then every pending order not
 * heard about in this pass re-read. Counted as a manual intervention.
 */
@Service
public class ManualReconciliation {

    private final EventCatchUp catchUp;
    private final StaleOrderSync staleOrders;
    private final ManualInterventions interventions;
    private final Clock clock;

    ManualReconciliation(EventCatchUp catchUp, StaleOrderSync staleOrders, ManualInterventions interventions,
            Clock clock) {
        this.catchUp = catchUp;
        this.staleOrders = staleOrders;
        this.interventions = interventions;
        this.clock = clock;
    }

    public Result runNow() {
        EventCatchUp.Result events = catchUp.run();
        StaleOrderSync.Result orders = staleOrders.run(clock.instant());
        interventions.record("reconcile");
        return new Result(events, orders);
    }

    public record Result(EventCatchUp.Result events, StaleOrderSync.Result orders) {
    }
}
