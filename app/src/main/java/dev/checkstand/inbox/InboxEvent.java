package dev.checkstand.inbox;

import java.time.Instant;

/**
 * A stored provider event handed to its handler: the envelope fields and the payload exactly as received, the
 * provider's time of the event ({@code created}, null when the event carries none), when it was stored and how it
 * came: {@code webhook} (delivered) or {@code events_api} (fetched from the provider by the reconciler).
 */
public record InboxEvent(String source, String eventId, String type, String apiVersion, String objectId,
        String payload, Instant created, Instant receivedAt, String receivedVia) {

    /** True when the reconciler fetched it from the provider's API rather than the provider delivering it. */
    public boolean fetched() {
        return "events_api".equals(receivedVia);
    }
}
