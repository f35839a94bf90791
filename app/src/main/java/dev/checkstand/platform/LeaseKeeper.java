package dev.checkstand.platform;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps short leases alive while this instance works under them. Work claimed from a table (an event, a fulfillment)
 * is leased for {@code lease}; while it is held here the lease is renewed every third of that on one background
 * thread, so a live instance keeps its work however long a provider call takes, and work of an instance that died is
 * free again one lease after its last renewal. {@code renew} moves the leases of the keys given to now + lease (and
 * should never move one earlier).
 */
public final class LeaseKeeper<K> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final String name;
    private final Duration lease;
    private final Consumer<List<K>> renew;
    private final Set<K> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer;

    public LeaseKeeper(String name, Duration lease, Consumer<List<K>> renew) {
        this.name = name;
        this.lease = lease;
        this.renew = renew;
        this.renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name + "-lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewHeld, period, period, TimeUnit.MILLISECONDS);
    }

    /** How long a claim holds its work. */
    public Duration lease() {
        return lease;
    }

    /** Renews the leases of {@code keys} until the returned hold is closed (or each key is let go). */
    public Hold hold(Collection<K> keys) {
        held.addAll(keys);
        return new Hold(List.copyOf(keys));
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    private void renewHeld() {
        if (held.isEmpty()) {
            return;
        }
        List<K> keys = List.copyOf(held);
        try {
            renew.accept(keys);
        } catch (RuntimeException e) {
            log.warn("Could not renew the {} leases of {} held items: {}", name, keys.size(), e.toString());
        }
    }

    /** The items one piece of work holds. */
    public final class Hold implements AutoCloseable {

        private final List<K> keys;

        private Hold(List<K> keys) {
            this.keys = keys;
        }

        public void letGo(K key) {
            held.remove(key);
        }

        @Override
        public void close() {
            keys.forEach(held::remove);
        }
    }
}
