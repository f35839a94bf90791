package dev.checkstand.inbox;

import java.util.List;

/**
 * A module's handling of the stored events of one provider. Handlers are idempotent: an event may be handled again
 * after a crash, a retry or an admin's replay, and must then change nothing.
 */
public interface InboxHandler {

    /** The provider whose events this handler takes, as stored in the inbox ({@code stripe}, {@code printful}). */
    String source();

    /** The event types this handler acts on; every other type of its source is stored and marked ignored. */
    List<String> types();

    /**
     * Called in the caller's transaction before {@link #handleLocally} is called for each of {@code events}, one after
     * the other, in the same transaction: a handler may prepare what they share, such as locking by one statement the
     * rows each would lock on its own. It must change nothing that handling them would not.
     */
    default void prepareLocally(List<InboxEvent> events) {
    }

    /**
     * Applies the event inside the caller's transaction when its payload alone is enough (no provider call), and
     * says so; false, having changed nothing, when {@link #handle} must do it outside a transaction.
     */
    default boolean handleLocally(InboxEvent event) {
        return false;
    }

    /** Applies the event, asking the provider for the current object when the payload is not enough. */
    void handle(InboxEvent event);
}
