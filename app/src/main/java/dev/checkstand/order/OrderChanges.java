package dev.checkstand.order;

import dev.checkstand.common.OrderId;
import dev.checkstand.platform.DatabaseNotifications;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which orders changed, as soon as any instance commits the change: a trigger on the orders table (V13) notifies
 * the channel {@code order_status} with the order's id, and this instance's listening connection passes it on.
 * Orders changed while the instance was not listening are not named: subscribers hear that they may have missed some.
 * Nor are all of a transaction's: the trigger names at most a thousand orders per transaction (V20), then sends
 * {@value #MANY}, which subscribers hear the same way — so a bulk change costs every instance one read of what it
 * watches, not a notification per row held in memory.
 */
@Component
public class OrderChanges {

    static final String CHANNEL = "order_status";
    static final String MANY = "*";
    private static final Logger log = LoggerFactory.getLogger(OrderChanges.class);

    private final DatabaseNotifications notifications;

    OrderChanges(DatabaseNotifications notifications) {
        this.notifications = notifications;
    }

    /** Tells {@code subscriber} of every committed change from now on; call it while the application starts. */
    public void subscribe(Subscriber subscriber) {
        notifications.listen(CHANNEL, new DatabaseNotifications.Listener() {
            @Override
            public void notified(Set<String> payloads) {
                if (payloads.contains(MANY)) {
                    subscriber.mayHaveMissedChanges();
                    return;
                }
                Set<OrderId> changed = new HashSet<>();
                for (String payload : payloads) {
                    try {
                        changed.add(OrderId.of(UUID.fromString(payload)));
                    } catch (IllegalArgumentException e) {
                        log.debug("Ignored a notification on {} that names no order: {}", CHANNEL, payload);
                    }
                }
                if (!changed.isEmpty()) {
                    subscriber.changed(changed);
                }
            }

            @Override
            public void listening() {
                subscriber.mayHaveMissedChanges();
            }
        });
    }

    /** Hears of changed orders. Both methods run on the instance's listening thread: hand work off, return quickly. */
    public interface Subscriber {

        /** These orders changed; a change may be named more than once, and by the time it is read, changed again. */
        void changed(Set<OrderId> orders);

        /** Changes committed since the last call may not have been named (the instance was not listening). */
        void mayHaveMissedChanges();
    }
}
