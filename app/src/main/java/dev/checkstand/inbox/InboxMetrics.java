package dev.checkstand.inbox;

import dev.checkstand.platform.AfterCommit;
import dev.checkstand.platform.DatabaseGauges;
import dev.checkstand.platform.MetricBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What operators watch of the inbox: deliveries by outcome, how late providers deliver, how long stored events wait
 * to be processed, how processing ends, and — read from the database, the same on every instance — the backlog and
 * the dead letters. Counts are recorded once the work they count has committed.
 */
@Component
class InboxMetrics {

    static final List<String> SOURCES = List.of("stripe", "stripe-connect", "printful");
    static final List<String> RECEIPT_OUTCOMES = List.of("stored", "duplicate", "invalid_signature", "invalid");
    static final List<String> PROCESSING_OUTCOMES = List.of("processed", "ignored", "retried", "failed");

    // Providers deliver within seconds, retry for hours (Stripe for up to three days): up to a day, coarse at the end.
    private static final Duration[] DELIVERY_BUCKETS = MetricBuckets.seconds(0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800,
            3600, 4 * 3600, 24 * 3600);
    // Processed at once in milliseconds; on retries with backoff in minutes to an hour.
    private static final Duration[] LAG_BUCKETS = MetricBuckets.seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
            60, 300, 600, 1800, 3600);

    private final MeterRegistry meters;
    private final Clock clock;

    InboxMetrics(MeterRegistry meters, Clock clock, DatabaseGauges gauges, InboxEvents events) {
        this.meters = meters;
        this.clock = clock;
        for (String source : SOURCES) {
            // Refusals carry no event type; they exist at 0 from the start, so a rate over them is never empty.
            receivedCounter(source, null, "invalid_signature");
            receivedCounter(source, null, "invalid");
            PROCESSING_OUTCOMES.forEach(outcome -> processedCounter(source, outcome));
            deliveryDelay(source);
            processingLag(source);
        }
        registerGauges(gauges, events);
    }

    /** A delivery was answered: stored, a duplicate of a stored event, or refused. */
    void received(String source, String type, String outcome) {
        receivedCounter(source, type, outcome).increment();
    }

    private Counter receivedCounter(String source, String type, String outcome) {
        return Counter.builder("checkstand.webhook.events.received")
                .description("Webhook deliveries by provider, event type and outcome")
                .tags("source", source, "type", type == null ? "unknown" : type, "outcome", outcome)
                .register(meters);
    }

    /** A delivered event was stored: how long after the provider's own time of the event it arrived. */
    void delivered(String source, Instant eventCreated, Instant receivedAt) {
        if (eventCreated != null) {
            deliveryDelay(source).record(nonNegative(Duration.between(eventCreated, receivedAt)));
        }
    }

    /** Processing of {@code event} ended (or will be retried) with {@code outcome}, once the caller's work commits. */
    void processed(InboxEvent event, String outcome) {
        Instant at = clock.instant();
        AfterCommit.execute(Runnable::run, () -> {
            processedCounter(event.source(), outcome).increment();
            if (outcome.equals("processed") || outcome.equals("ignored")) {
                processingLag(event.source()).record(nonNegative(Duration.between(event.receivedAt(), at)));
            }
        });
    }

    private Counter processedCounter(String source, String outcome) {
        return Counter.builder("checkstand.webhook.events.processed")
                .description("Stored events by how their processing ended: processed, ignored (no handler), retried"
                        + " later, or failed for good (dead-lettered)")
                .tags("source", source, "outcome", outcome)
                .register(meters);
    }

    private Timer deliveryDelay(String source) {
        return Timer.builder("checkstand.webhook.delivery.delay")
                .description("From the provider's time of an event to its first delivery here")
                .tags("source", source)
                .serviceLevelObjectives(DELIVERY_BUCKETS)
                .register(meters);
    }

    private Timer processingLag(String source) {
        return Timer.builder("checkstand.webhook.processing.lag")
                .description("From an event's receipt to the end of its processing")
                .tags("source", source)
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(meters);
    }

    // Read through the inbox's own queries, the ones its health uses: the backlog (received) and the dead letters
    // (failed), each on its own partial index.
    private void registerGauges(DatabaseGauges gauges, InboxEvents events) {
        List<Tags> sources = SOURCES.stream().map(source -> Tags.of("source", source)).toList();
        List<Tags> sourceStatuses = new ArrayList<>();
        for (String source : SOURCES) {
            sourceStatuses.add(Tags.of("source", source, "status", "received"));
            sourceStatuses.add(Tags.of("source", source, "status", "failed"));
        }
        gauges.register("checkstand.inbox.oldest.unprocessed.age",
                "Age of the oldest stored event not yet processed (0 when none)", "seconds", sources, () -> {
                    Map<Tags, Double> ages = new HashMap<>();
                    Instant now = clock.instant();
                    events.backlog().forEach(backlog -> ages.put(Tags.of("source", backlog.source()),
                            nonNegative(Duration.between(backlog.oldest(), now)).toMillis() / 1000.0));
                    return ages;
                });
        gauges.register("checkstand.inbox.events",
                "Stored events waiting to be processed (received) and dead-lettered (failed), by provider", null,
                sourceStatuses, () -> {
                    Map<Tags, Long> counts = new HashMap<>();
                    events.backlog().forEach(backlog -> counts.put(
                            Tags.of("source", backlog.source(), "status", "received"), backlog.received()));
                    events.deadLettersBySource().forEach((source, failed) -> counts.put(
                            Tags.of("source", source, "status", "failed"), failed));
                    return counts;
                });
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

}
