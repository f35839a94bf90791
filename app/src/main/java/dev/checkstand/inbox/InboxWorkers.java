package dev.checkstand.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few platform threads that process events right after they are acknowledged, from a bounded queue of stored
 * events' ids. Not the application executor (unbounded virtual threads on Java 21+, an unbounded queue on 17):
 * processing holds at most as many pooled connections as it has threads, so it never starves the acknowledgements.
 * A worker takes every id waiting, up to {@code batch}, and hands them over together, so under load many events
 * share one transaction. An id that finds the queue full is not taken: its event is stored and due, and the poller
 * takes it, or a worker does: once its queue is empty, a worker that finds ids were refused since it last looked runs
 * {@code catchUp} (the poller's own pass over due events), so a backlog left by a burst is not kept waiting for the
 * poller's next turn (every {@code checkstand.webhooks.poll-interval}) while the workers sit idle.
 */
final class InboxWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboxWorkers.class);

    private final BlockingQueue<Long> queue;
    private final int threads;
    private final int batch;
    private final Counter deferred;
    private final List<Thread> running = new ArrayList<>();
    private final AtomicBoolean refused = new AtomicBoolean();
    private volatile boolean closed;

    InboxWorkers(int threads, int queueCapacity, int batch, MeterRegistry meters) {
        this.deferred = Counter.builder("checkstand.webhooks.deferred")
                .description("Stored events not processed at once because every webhook worker was busy and the queue "
                        + "full; the inbox poller processes them")
                .register(meters);
        this.queue = queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        this.threads = threads;
        this.batch = batch;
    }

    /** Workers that never run anything: every stored event is left to the poller (processing on receipt is off). */
    static InboxWorkers off() {
        return new InboxWorkers();
    }

    private InboxWorkers() {
        this.queue = null;
        this.threads = 0;
        this.batch = 0;
        this.deferred = null;
    }

    /**
     * Starts the threads, each handing {@code process} the ids it takes, and running {@code catchUp} when its queue is
     * empty and ids were refused since a worker last did.
     */
    synchronized void start(Consumer<List<Long>> process, Runnable catchUp) {
        if (queue == null || !running.isEmpty()) {
            return;
        }
        for (int i = 1; i <= threads; i++) {
            Thread thread = new Thread(() -> work(process, catchUp), "webhook-" + i);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
    }

    /**
     * Has the stored event {@code id} processed soon; false, and it is not, when every thread is busy and the queue is
     * full (or these workers are off).
     */
    boolean offer(long id) {
        if (queue == null || closed) {
            return false;
        }
        if (!queue.offer(id)) {
            deferred.increment();
            refused.set(true);
            return false;
        }
        return true;
    }

    // The events are stored and due whatever happens here: the poller takes those a failed batch left.
    private void work(Consumer<List<Long>> process, Runnable catchUp) {
        Runnable catchUpIfRefused = () -> {
            if (queue.isEmpty() && !closed && refused.compareAndSet(true, false)) {
                try {
                    catchUp.run();
                } catch (RuntimeException e) {
                    log.warn("Catching up with stored events left to the poller failed; the poller takes them: {}",
                            e.toString());
                }
            }
        };
        // Looked at after each group, and when the queue has stayed empty for a while: an id refused just after a
        // worker looked (or during its catch-up) is caught up with then, even if no other id comes.
        GroupDrain.run(queue, batch, () -> closed, ids -> {
            process.accept(ids);
            catchUpIfRefused.run();
        }, (ids, e) -> log.warn(
                "Processing {} stored events right after receipt failed; the poller takes them: {}", ids.size(),
                e.toString()), catchUpIfRefused);
    }

    /** Whether these workers were closed: a catch-up stops between two batches. */
    boolean closed() {
        return closed;
    }

    /** Stops taking work and lets queued events be processed for a few seconds; the poller has the rest. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread thread : running) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
