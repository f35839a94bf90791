package dev.checkstand.fulfillment;

import dev.checkstand.platform.AfterCommit;
import dev.checkstand.platform.DatabaseGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fulfillment's figures: every change a fulfillment goes through, by outcome (the name of the change: queued,
 * blocked, submitted, in_production, on_hold, partially_shipped, shipped, failed, canceled, resubmitted, and
 * package_shipped per package), counted once it commits; and how long the oldest paid order has waited without its
 * fulfillment handed to the provider (pending, blocked or failed), read from the database.
 */
@Component
class FulfillmentMetrics {

    static final List<String> OUTCOMES = List.of("queued", "blocked", "submitted", "in_production", "on_hold",
            "partially_shipped", "shipped", "failed", "canceled", "resubmitted", "package_shipped");

    private final MeterRegistry meters;

    FulfillmentMetrics(MeterRegistry meters, DatabaseGauges gauges, JdbcClient jdbc, Clock clock) {
        this.meters = meters;
        OUTCOMES.forEach(this::counter);
        gauges.register("checkstand.fulfillment.backlog.age",
                "How long the oldest fulfillment not yet handed to the provider (pending, blocked or failed) has"
                        + " waited (0 when none)", "seconds", () -> jdbc.sql("""
                        select greatest(0, coalesce(extract(epoch from (:now - min(created_at))), 0))
                          from fulfillments where status in ('pending', 'blocked', 'failed')""")
                        .param("now", Timestamp.from(clock.instant()))
                        .query(Double.class)
                        .single());
    }

    /** A change recorded on the order's timeline as {@code type} ({@code fulfillment_shipped}, {@code shipment_sent}). */
    void recorded(String type) {
        String outcome = type.equals("shipment_sent") ? "package_shipped" : type.replaceFirst("^fulfillment_", "");
        if (OUTCOMES.contains(outcome)) {
            AfterCommit.execute(Runnable::run, () -> counter(outcome).increment());
        }
    }

    private Counter counter(String outcome) {
        return Counter.builder("checkstand.fulfillment")
                .description("Changes fulfillments went through, by outcome")
                .tags("outcome", outcome)
                .register(meters);
    }
}
