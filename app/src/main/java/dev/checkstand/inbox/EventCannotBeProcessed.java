package dev.checkstand.inbox;

/**
 * Thrown by an {@link InboxHandler} when an event can never be processed, however often it is tried (the provider's
 * current object is unusable): the event ends {@code failed} at once with this reason, a dead letter an admin sees.
 */
public class EventCannotBeProcessed extends RuntimeException {

    public EventCannotBeProcessed(String reason, Throwable cause) {
        super(reason, cause);
    }
}
