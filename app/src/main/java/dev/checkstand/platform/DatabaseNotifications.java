package dev.checkstand.platform;

import java.util.Set;

/**
 * PostgreSQL notifications ({@code LISTEN}/{@code NOTIFY}) on one listening connection per instance. A notification
 * arrives only after its transaction committed, from whichever instance (or psql session) committed it.
 */
public interface DatabaseNotifications {

    /**
     * Passes the notifications of {@code channel} to {@code listener} from now on. Call it while the application
     * starts (from a constructor): the channels are listened to once the context has started.
     */
    void listen(String channel, Listener listener);

    /** What a channel's listener is told. Both methods run on the listening thread: hand work off, return quickly. */
    interface Listener {

        /** The payloads of the notifications that arrived together, without repeats. */
        void notified(Set<String> payloads);

        /**
         * The channel is listened to now — at start-up and after every reconnection. Anything notified while no
         * connection listened was lost: read again what matters.
         */
        void listening();
    }
}
