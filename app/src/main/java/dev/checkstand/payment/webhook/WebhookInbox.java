package dev.checkstand.payment.webhook;

import dev.checkstand.payment.stripe.StripeConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Verifies and durably stores incoming Stripe events (invariant 7); processing happens afterwards. */
@Service
class WebhookInbox {

    private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

    private final WebhookSignatures signatures;
    private final WebhookEvents events;
    private final JsonMapper json;
    private final Clock clock;
    private final Counter rejected;

    WebhookInbox(StripeConnection stripe, WebhookEvents events, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.signatures = new WebhookSignatures(stripe.webhookSecrets());
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.rejected = Counter.builder("checkstand.webhooks.rejected")
                .description("Webhook requests refused for a missing, wrong or stale signature or a malformed event")
                .register(meters);
    }

    /**
     * Stores a verified event once; tells whether it was new. Throws {@link InvalidWebhook} and stores nothing otherwise.
     * The store is one statement committed on its own (auto-commit): a transaction around it would add a round trip
     * and nothing else.
     */
    public Received receive(String payload, String signatureHeader) {
        if (!signatures.verify(payload, signatureHeader)) {
            rejected.increment();
            log.warn("Refused a webhook: missing, invalid or stale Stripe-Signature ({} bytes)", payload.length());
            throw new InvalidWebhook("invalid_signature", "The Stripe-Signature header is missing, malformed, wrong or stale");
        }
        ParsedEvent event = ParsedEvent.parse(json, payload).orElseThrow(() -> {
            rejected.increment();
            log.warn("Refused a signed webhook that is not a Stripe event ({} bytes)", payload.length());
            return new InvalidWebhook("invalid_event", "The body is not a Stripe event");
        });
        Optional<Long> id = events.insert(event, payload, clock.instant());
        return new Received(event.id(), event.type(), id.orElse(null));
    }

    /** The outcome of receiving an event: {@code storedId} is null when it had been received before. */
    record Received(String eventId, String type, Long storedId) {

        boolean isNew() {
            return storedId != null;
        }
    }
}
