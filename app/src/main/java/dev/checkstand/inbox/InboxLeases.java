package dev.checkstand.inbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps the leases of the events this instance is processing. A claim leases an event for
 * {@code checkstand.webhooks.lease} (20 s); while the instance works on it — a provider call may take longer — the
 * lease is renewed every third of that, so no other instance takes a live instance's event. An instance that dies
 * renews nothing: its events are due again one lease after its last renewal, and the next poll of any instance takes
 * them (about 20 s plus the poll interval with the defaults, where a fixed two-minute lease took two minutes).
 */
@Component
class InboxLeases implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InboxLeases.class);

    private final InboxEvents events;
    private final Clock clock;
    private final Duration lease;
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "inbox-lease-renewal");
        thread.setDaemon(true);
        return thread;
    });

    InboxLeases(InboxEvents events, Clock clock, InboxSettings settings) {
        this.events = events;
        this.clock = clock;
        this.lease = settings.lease();
        long period = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** How long a claim holds an event. */
    Duration lease() {
        return lease;
    }

    /** Renews the leases of {@code ids} until the returned hold is closed (or each id is let go). */
    Hold hold(Collection<Long> ids) {
        held.addAll(ids);
        return new Hold(List.copyOf(ids));
    }

    // Only ever moves a lease later, so it never shortens the backoff a retry was given.
    private void renew() {
        if (held.isEmpty()) {
            return;
        }
        try {
            events.extendLease(List.copyOf(held), clock.instant().plus(lease));
        } catch (RuntimeException e) {
            log.warn("Could not renew the leases of {} events being processed: {}", held.size(), e.toString());
        }
    }

    @Override
    public void destroy() {
        renewer.shutdownNow();
    }

    /** The events one piece of work holds. */
    final class Hold implements AutoCloseable {

        private final List<Long> ids;

        private Hold(List<Long> ids) {
            this.ids = ids;
        }

        void letGo(long id) {
            held.remove(id);
        }

        @Override
        public void close() {
            ids.forEach(held::remove);
        }
    }
}
