package dev.checkstand.inbox;

import dev.checkstand.common.LogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few platform threads that process events right after they are acknowledged, with a bounded queue. Not the
 * application executor (unbounded virtual threads on Java 21+, an unbounded queue on 17): processing holds at most
 * as many pooled connections as it has threads, so it never starves the acknowledgements. A task that finds the
 * queue full is not run: its event is stored and due, and the poller takes it.
 */
final class InboxWorkers implements AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final Counter deferred;

    InboxWorkers(int threads, int queueCapacity, MeterRegistry meters) {
        this.deferred = Counter.builder("checkstand.webhooks.deferred")
                .description("Stored events not processed at once because every webhook worker was busy and the queue "
                        + "full; the inbox poller processes them")
                .register(meters);
        AtomicInteger count = new AtomicInteger();
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, task -> {
            Thread thread = new Thread(task, "webhook-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Workers that never run anything: every stored event is left to the poller (processing on receipt is off). */
    static InboxWorkers off() {
        return new InboxWorkers();
    }

    private InboxWorkers() {
        this.pool = null;
        this.deferred = null;
    }

    /**
     * Runs {@code task} soon, with the caller's log context (the request that stored the event); false, and nothing
     * runs, when every thread is busy and the queue is full (or these workers are off).
     */
    boolean offer(Runnable task) {
        if (pool == null) {
            return false;
        }
        try {
            pool.execute(LogContext.carried(task));
            return true;
        } catch (RejectedExecutionException e) {
            deferred.increment();
            return false;
        }
    }

    /** Stops taking work and lets running and queued tasks finish for a few seconds; the poller has the rest. */
    @Override
    public void close() throws InterruptedException {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }
}
