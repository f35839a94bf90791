package dev.checkstand.payment;

import dev.checkstand.order.Source;
import dev.checkstand.platform.AfterCommit;
import dev.checkstand.platform.DatabaseGauges;
import dev.checkstand.platform.MetricBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Orders paid, by the path that saw the payment first, and how long after Stripe's time of the payment that was: what
 * the shops call payment-to-order time. Stripe's times are whole seconds (a charge's or an event's {@code created}),
 * so values under a second say "at once". A payment whose time Stripe did not say (a Checkout Session read through the
 * API) is counted but not timed. Recorded once the order's paid transaction has committed.
 */
@Component
class PaymentMetrics {

    static final List<String> PATHS = List.of("webhook", "confirm", "reconciler", "admin_sync", "system");

    // At once on the webhook and confirm paths; the reconciler's catch-up and stale sync take minutes.
    private static final Duration[] BUCKETS = MetricBuckets.seconds(0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800,
            3600, 4 * 3600, 24 * 3600);

    /** How an order's authorization ended (capture on fulfillment). */
    static final List<String> SETTLEMENTS = List.of("captured", "partially_captured", "released");

    private final MeterRegistry meters;
    private final Clock clock;

    PaymentMetrics(MeterRegistry meters, Clock clock, DatabaseGauges gauges, JdbcClient jdbc, CaptureSettings capture) {
        this.meters = meters;
        this.clock = clock;
        PATHS.forEach(path -> {
            paid(path);
            paymentToPaid(path);
        });
        SETTLEMENTS.forEach(this::settled);
        gauges.register("checkstand.authorizations.held", "Authorizations orders hold, not yet captured or released:"
                        + " all of them (state=held), and those past the margin before they lapse (state=past_margin),"
                        + " which the authorization-review job should have settled", null,
                List.of(Tags.of("state", "held"), Tags.of("state", "past_margin")), () -> {
                    Map<String, Object> row = jdbc.sql("""
                            select count(*) as held,
                                   count(*) filter (where capture_before is not null
                                                      and capture_before - make_interval(secs => :margin) <= :now)
                                       as past_margin
                              from payment_attempts where status = 'authorized'""")
                            .param("margin", (double) capture.expiryMargin().toSeconds())
                            .param("now", Timestamp.from(clock.instant()))
                            .query().singleRow();
                    return Map.of(Tags.of("state", "held"), (Number) row.get("held"),
                            Tags.of("state", "past_margin"), (Number) row.get("past_margin"));
                });
    }

    /** An order's authorization ended: {@code captured} in full or in part, or {@code released}. */
    void authorizationSettled(String outcome) {
        AfterCommit.execute(Runnable::run, () -> settled(outcome).increment());
    }

    private Counter settled(String outcome) {
        return Counter.builder("checkstand.authorizations.settled")
                .description("Authorizations that ended, by outcome: captured in full, captured in part, released")
                .tags("outcome", outcome)
                .register(meters);
    }

    /** An order became paid by a payment Stripe took at {@code succeededAt} (null: not known). */
    void orderPaid(Source source, Instant succeededAt) {
        String path = path(source);
        Instant now = clock.instant();
        AfterCommit.execute(Runnable::run, () -> {
            paid(path).increment();
            if (succeededAt != null) {
                Duration taken = Duration.between(succeededAt, now);
                paymentToPaid(path).record(taken.isNegative() ? Duration.ZERO : taken);
            }
        });
    }

    static String path(Source source) {
        return switch (source) {
            case WEBHOOK -> "webhook";
            case CONFIRM -> "confirm";
            case RECONCILER -> "reconciler";
            case ADMIN -> "admin_sync";
            case CHECKOUT, SYSTEM -> "system";
        };
    }

    private Counter paid(String path) {
        return Counter.builder("checkstand.orders.paid")
                .description("Orders that became paid, by the path that applied the payment first")
                .tags("path", path)
                .register(meters);
    }

    private Timer paymentToPaid(String path) {
        return Timer.builder("checkstand.payment.to.paid")
                .description("From Stripe's time of a payment to its order being paid here")
                .tags("path", path)
                .serviceLevelObjectives(BUCKETS)
                .register(meters);
    }
}
