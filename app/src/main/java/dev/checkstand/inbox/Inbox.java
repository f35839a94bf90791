package dev.checkstand.inbox;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox's API for other modules: events fetched from a provider's API go into the same inbox as webhooks,
 * deduplicated by event id, for the same processing. They need no signature: they came over an authenticated call.
 */
@Service
public class Inbox {

    private final WebhookSources sources;
    private final InboxEvents events;
    private final InboxProcessor processor;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Inbox(WebhookSources sources, InboxEvents events, InboxProcessor processor, TransactionTemplate transactions,
            Clock clock) {
        this.sources = sources;
        this.events = events;
        this.processor = processor;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Stores an event of {@code source} read from its API unless the inbox has it already; true when it was new. */
    public boolean importEvent(String source, String eventJson) {
        WebhookSource.Envelope envelope = sources.named(source).envelope(eventJson)
                .orElseThrow(() -> new IllegalArgumentException("not an event of " + source));
        Optional<Long> id = transactions.execute(tx -> events.insert(source, envelope, eventJson, "events_api",
                clock.instant()));
        id.ifPresent(processor::processSoon);
        return id.isPresent();
    }

    /** Every event type of {@code source} some handler acts on. */
    public List<String> handledTypes(String source) {
        return processor.handledTypes(source);
    }
}
