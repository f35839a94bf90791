package dev.checkstand.inbox;

import dev.checkstand.platform.BackgroundTurns;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Verifies and durably stores incoming provider events (invariant 7); processing happens afterwards. */
@Service
class WebhookReceipt {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceipt.class);

    private final WebhookSources sources;
    private final InboxWriter writer;
    private final Clock clock;
    private final InboxMetrics metrics;
    private final BackgroundTurns turns;

    WebhookReceipt(WebhookSources sources, InboxWriter writer, Clock clock, InboxMetrics metrics,
            BackgroundTurns turns) {
        this.sources = sources;
        this.writer = writer;
        this.clock = clock;
        this.metrics = metrics;
        this.turns = turns;
    }

    /**
     * Stores a verified event of {@code source} once; tells whether it was new. Throws {@link InvalidWebhook} and
     * stores nothing otherwise. The event is durable when this returns: it is inserted and committed by the
     * {@link InboxWriter}, together with the deliveries that arrived at the same time. The body is never logged.
     */
    Received receive(String source, String payload, String signature) {
        WebhookSource provider = sources.named(source);
        if (!provider.verify(payload, signature)) {
            metrics.received(source, null, "invalid_signature");
            log.warn("Refused a {} webhook: missing, invalid or stale signature ({} bytes)", source, payload.length());
            throw new InvalidWebhook("invalid_signature", "The signature is missing, malformed, wrong or stale");
        }
        WebhookSource.Envelope event = provider.envelope(payload).orElseThrow(() -> {
            metrics.received(source, null, "invalid");
            log.warn("Refused a signed {} webhook that is not an event ({} bytes)", source, payload.length());
            return new InvalidWebhook("invalid_event", "The body is not a " + source + " event");
        });
        return store(source, event, payload);
    }

    /**
     * As {@link #receive}, for a delivery that {@code receive} would store; empty — nothing stored, logged or counted —
     * for one it would refuse, so that the refusal can be left to {@code receive}.
     */
    Optional<Received> receiveIfValid(String source, String payload, String signature) {
        WebhookSource provider = sources.named(source);
        if (!provider.verify(payload, signature)) {
            return Optional.empty();
        }
        return provider.envelope(payload).map(event -> store(source, event, payload));
    }

    // A verified delivery: background batches take turns while such deliveries arrive, so that they are answered first.
    private Received store(String source, WebhookSource.Envelope event, String payload) {
        turns.deliveryArrived();
        Instant now = clock.instant();
        Optional<Long> id = writer.insert(new InboxEvents.NewEvent(source, event, payload, "webhook", now));
        metrics.received(source, event.type(), id.isPresent() ? "stored" : "duplicate");
        if (id.isPresent()) {
            metrics.delivered(source, event.created(), now);
        }
        return new Received(event.eventId(), event.type(), id.orElse(null));
    }

    /** The outcome of receiving an event: {@code storedId} is null when it had been received before. */
    record Received(String eventId, String type, Long storedId) {

        boolean isNew() {
            return storedId != null;
        }
    }
}
