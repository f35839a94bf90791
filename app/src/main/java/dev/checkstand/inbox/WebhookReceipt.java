package dev.checkstand.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Verifies and durably stores incoming provider events (invariant 7); processing happens afterwards. */
@Service
class WebhookReceipt {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceipt.class);

    private final WebhookSources sources;
    private final InboxEvents events;
    private final Clock clock;
    private final Counter rejected;

    WebhookReceipt(WebhookSources sources, InboxEvents events, Clock clock, MeterRegistry meters) {
        this.sources = sources;
        this.events = events;
        this.clock = clock;
        this.rejected = Counter.builder("checkstand.webhooks.rejected")
                .description("Webhook requests refused for a missing, wrong or stale signature or a malformed event")
                .register(meters);
    }

    /**
     * Stores a verified event of {@code source} once; tells whether it was new. Throws {@link InvalidWebhook} and
     * stores nothing otherwise. The store is one statement committed on its own (auto-commit): a transaction around
     * it would add a round trip and nothing else. The body is never logged.
     */
    Received receive(String source, String payload, String signature) {
        WebhookSource provider = sources.named(source);
        if (!provider.verify(payload, signature)) {
            rejected.increment();
            log.warn("Refused a {} webhook: missing, invalid or stale signature ({} bytes)", source, payload.length());
            throw new InvalidWebhook("invalid_signature", "The signature is missing, malformed, wrong or stale");
        }
        WebhookSource.Envelope event = provider.envelope(payload).orElseThrow(() -> {
            rejected.increment();
            log.warn("Refused a signed {} webhook that is not an event ({} bytes)", source, payload.length());
            return new InvalidWebhook("invalid_event", "The body is not a " + source + " event");
        });
        Optional<Long> id = events.insert(source, event, payload, "webhook", clock.instant());
        return new Received(event.eventId(), event.type(), id.orElse(null));
    }

    /** The outcome of receiving an event: {@code storedId} is null when it had been received before. */
    record Received(String eventId, String type, Long storedId) {

        boolean isNew() {
            return storedId != null;
        }
    }
}
