package dev.checkstand.storefront;

import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderChanges;
import dev.checkstand.order.OrderManagement;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Reads again the orders this instance's streams watch, and hands what it read to the streams (which send only what
 * is newer than what each had): an order as soon as the database names it changed — whichever instance committed the
 * change — in one query for the notifications that arrived meanwhile; every watched order once the listening
 * connection is (again) listening, since what was notified before is lost; and every watched order each
 * {@code CHECKSTAND_STREAMS_SAFETY_POLL}, so a notification lost any other way is only a delay. Reads run on a thread
 * of their own, never on the listening one.
 */
@Component
class OrderStatusFeed implements OrderChanges.Subscriber, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OrderStatusFeed.class);

    private final OrderManagement orders;
    private final OrderStatusStreams streams;
    private final Set<OrderId> changed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean everything = new AtomicBoolean();
    private final AtomicBoolean readScheduled = new AtomicBoolean();
    private final ThreadPoolTaskScheduler reader;

    // Its own one-thread scheduler, not a bean: a scheduler bean would replace Boot's application task executor.
    OrderStatusFeed(OrderChanges changes, OrderManagement orders, OrderStatusStreams streams, StreamSettings settings,
            ThreadPoolTaskSchedulerBuilder schedulers) {
        this.orders = orders;
        this.streams = streams;
        this.reader = schedulers.poolSize(1).threadNamePrefix("order-status-feed-").build();
        this.reader.initialize();
        this.reader.scheduleWithFixedDelay(this::mayHaveMissedChanges, settings.safetyPoll());
        changes.subscribe(this);
    }

    @Override
    public void changed(Set<OrderId> orders) {
        orders.stream().filter(streams::watches).forEach(changed::add);
        readSoon();
    }

    @Override
    public void mayHaveMissedChanges() {
        everything.set(true);
        readSoon();
    }

    // One read at a time; what is named while it runs waits for the next, which reads it all in one query.
    private void readSoon() {
        if (readScheduled.compareAndSet(false, true)) {
            reader.execute(this::read);
        }
    }

    private void read() {
        readScheduled.set(false);
        Set<OrderId> due = new HashSet<>();
        for (Iterator<OrderId> named = changed.iterator(); named.hasNext(); ) {
            due.add(named.next());
            named.remove();
        }
        if (everything.getAndSet(false)) {
            due.addAll(streams.watched());
        }
        if (due.isEmpty()) {
            return;
        }
        try {
            streams.publish(orders.statuses(due));
        } catch (DataAccessException e) {
            log.warn("Could not read {} watched orders ({}); the safety poll reads them again", due.size(),
                    e.getMessage());
        }
    }

    @Override
    public void destroy() {
        reader.shutdown();
    }
}
