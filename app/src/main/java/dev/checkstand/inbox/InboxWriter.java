package dev.checkstand.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Stores webhook deliveries with group commit: concurrent deliveries are inserted by one statement and made durable
 * by one commit, and each delivery's caller waits until that commit has returned, so an acknowledged event is on
 * disk exactly as with a commit of its own. Nothing waits on purpose: a writer takes every delivery queued while the
 * previous group was being committed (at most {@code maxGroup}), so a delivery waits for at most the commit in flight
 * before its own, and alone it is written at once. A group the database refuses is written again one delivery at a
 * time, so only the delivery at fault fails.
 */
final class InboxWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);
    // A caller never waits forever on a writer: past this it is answered as if the database had not.
    private static final long WAIT_SECONDS = 30;

    private final InboxEvents events;
    private final int maxGroup;
    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    InboxWriter(InboxEvents events, int writerThreads, int maxGroup) {
        this.events = events;
        this.maxGroup = maxGroup;
        for (int i = 1; i <= writerThreads; i++) {
            Thread writer = new Thread(this::write, "inbox-writer-" + i);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
    }

    /** Stores the delivery unless its event is stored already; returns the new row's id, empty for a duplicate. */
    Optional<Long> insert(InboxEvents.NewEvent event) {
        if (closed) {
            return events.insert(event);
        }
        Delivery delivery = new Delivery(event, new CompletableFuture<>());
        queue.add(delivery);
        try {
            return delivery.stored().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // Answered as a database that cannot be reached (503, Retry-After): the delivery may be repeated.
            throw new TransientDataAccessResourceException("the inbox writer did not answer in " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the delivery was being stored", e);
        }
    }

    private void write() {
        GroupDrain.run(queue, maxGroup, () -> closed, this::store, (group, e) -> {
            // Never leaves a caller waiting: whatever went wrong is its answer.
            group.forEach(delivery -> delivery.stored().completeExceptionally(e));
            log.error("The inbox writer failed on a group of {} deliveries: {}", group.size(), e.toString());
        });
    }

    /** Stores {@code events} as one group, as a writer does; each answer is that event's caller's. */
    List<CompletableFuture<Optional<Long>>> storeGroup(List<InboxEvents.NewEvent> events) {
        List<Delivery> group = events.stream().map(event -> new Delivery(event, new CompletableFuture<>())).toList();
        store(group);
        return group.stream().map(Delivery::stored).toList();
    }

    // The first delivery of an event in a group is the one stored; a second of the same event in the same group is its
    // duplicate, as it would be a moment later.
    private void store(List<Delivery> group) {
        Map<InboxEvents.Key, Delivery> firsts = new HashMap<>();
        List<InboxEvents.NewEvent> rows = new ArrayList<>(group.size());
        for (Delivery delivery : group) {
            if (firsts.putIfAbsent(delivery.event().key(), delivery) == null) {
                rows.add(delivery.event());
            }
        }
        Map<InboxEvents.Key, Long> ids;
        try {
            ids = events.insertAll(rows);
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).stored().completeExceptionally(e);
                return;
            }
            for (Delivery delivery : group) {
                try {
                    delivery.stored().complete(events.insert(delivery.event()));
                } catch (RuntimeException alone) {
                    delivery.stored().completeExceptionally(alone);
                }
            }
            return;
        }
        for (Delivery delivery : group) {
            boolean first = firsts.get(delivery.event().key()) == delivery;
            delivery.stored().complete(first ? Optional.ofNullable(ids.get(delivery.event().key())) : Optional.empty());
        }
    }

    /** Stops taking deliveries into groups (later ones are written alone) once those queued are written. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private record Delivery(InboxEvents.NewEvent event, CompletableFuture<Optional<Long>> stored) {
    }
}
