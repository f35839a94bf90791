package dev.checkstand.payment.webhook;

/** A stored webhook event claimed for processing. */
record StoredEvent(long id, String eventId, String type, String payload, int attempts) {
}
