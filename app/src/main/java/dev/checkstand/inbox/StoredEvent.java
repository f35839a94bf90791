package dev.checkstand.inbox;

/** A stored event claimed for processing: its row, the event, and how many times it has been claimed. */
record StoredEvent(long id, InboxEvent event, int attempts) {
}
