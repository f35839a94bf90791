package dev.checkstand.inbox;

import dev.checkstand.common.NotFound;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The stored provider events for the admin console: filtered pages, one event with its body, and a replay. */
@Service
public class InboxAdministration {

    private final InboxEvents events;
    private final InboxProcessor processor;

    InboxAdministration(InboxEvents events, InboxProcessor processor) {
        this.events = events;
        this.processor = processor;
    }

    /** A page of stored events, newest first; each filter null for "any". */
    public Page page(String source, String status, String type, int page, int size) {
        return new Page(events.page(source, status, type, page, size).stream().map(Entry::of).toList(),
                events.count(source, status, type));
    }

    /** One stored event. */
    public Optional<Entry> entry(long id) {
        return events.summary(id).map(Entry::of);
    }

    /** The event's body exactly as the provider sent it. */
    public Optional<String> payload(long id) {
        return events.payload(id);
    }

    /** Processes the stored event again (idempotently) and answers it as it then is; 404 for an unknown id. */
    public Entry replay(long id) {
        events.summary(id).orElseThrow(() -> new NotFound("webhook_event_not_found", "No stored webhook event " + id));
        processor.replay(id);
        return entry(id).orElseThrow();
    }

    /** A page of events and how many the filters match in all. */
    public record Page(List<Entry> items, long total) {
    }

    /** A stored event as an admin sees it. */
    public record Entry(long id, String source, String eventId, String type, String objectId, String status, int attempts,
            String lastError, Instant receivedAt, Instant processedAt) {

        static Entry of(InboxEvents.EventSummary summary) {
            return new Entry(summary.id(), summary.source(), summary.eventId(), summary.type(), summary.objectId(),
                    summary.status(), summary.attempts(), summary.lastError(), summary.receivedAt(),
                    summary.processedAt());
        }
    }
}
