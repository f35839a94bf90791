package dev.checkstand.inbox;

/** A stored provider event handed to its handler: the envelope fields and the payload exactly as received. */
public record InboxEvent(String source, String eventId, String type, String apiVersion, String objectId,
        String payload) {
}
