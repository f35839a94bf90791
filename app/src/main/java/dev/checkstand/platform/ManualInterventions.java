package dev.checkstand.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Counts what admins had to do by hand, whichever way they did it (console or API): the manual intervention rate the
 * shops watch. Each module records its own actions where the action is carried out, once it has succeeded.
 */
@Component
public class ManualInterventions {

    /** sync: re-read one order; reconcile: run the reconciliation pass; the others as their names say. */
    public static final List<String> ACTIONS = List.of("sync", "reconcile", "replay", "retry", "cancel", "refund");

    private final MeterRegistry meters;

    ManualInterventions(MeterRegistry meters) {
        this.meters = meters;
        ACTIONS.forEach(this::counter);
    }

    public void record(String action) {
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("not a manual intervention: " + action);
        }
        counter(action).increment();
    }

    private Counter counter(String action) {
        return Counter.builder("checkstand.manual.interventions")
                .description("Actions admins took by hand, by action")
                .tags("action", action)
                .register(meters);
    }
}
