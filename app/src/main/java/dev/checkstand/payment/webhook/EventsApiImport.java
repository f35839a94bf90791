package dev.checkstand.payment.webhook;

import dev.checkstand.payment.EventImport;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts events fetched from Stripe's Events API into the same inbox as webhooks, deduplicated by event id, for the
 * same processing. They need no signature: they came over an authenticated API call.
 */
@Component
class EventsApiImport implements EventImport {

    private final WebhookEvents events;
    private final WebhookProcessor processor;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final Clock clock;

    EventsApiImport(WebhookEvents events, WebhookProcessor processor, JsonMapper json, TransactionTemplate transactions,
            Clock clock) {
        this.events = events;
        this.processor = processor;
        this.json = json;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public boolean store(String eventJson) {
        ParsedEvent event = ParsedEvent.parse(json, eventJson)
                .orElseThrow(() -> new IllegalArgumentException("not a Stripe event"));
        Optional<Long> id = transactions.execute(tx -> events.insert(event, eventJson, "events_api", clock.instant()));
        id.ifPresent(processor::processSoon);
        return id.isPresent();
    }
}
