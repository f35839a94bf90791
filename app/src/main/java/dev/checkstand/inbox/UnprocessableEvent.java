package dev.checkstand.inbox;

/**
 * Thrown by an {@link InboxHandler} for an event that can never be processed, however often it is tried (it names no
 * object, its object is of another type, the provider does not know the object): the inbox ends it {@code failed}
 * at once with the reason, a dead letter an admin sees and can replay, instead of retrying it with backoff. Anything
 * else a handler throws is taken as transient and retried.
 */
public final class UnprocessableEvent extends RuntimeException {

    /** {@code reason} says in a few words why; it is stored as the event's last error, so it never holds the body. */
    public UnprocessableEvent(String reason) {
        super(reason);
    }

    /** As {@link #UnprocessableEvent(String)}, keeping what found it unusable. */
    public UnprocessableEvent(String reason, Throwable cause) {
        super(reason, cause);
    }
}
