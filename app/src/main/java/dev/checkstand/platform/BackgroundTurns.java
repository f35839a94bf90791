package dev.checkstand.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Acknowledgements first. A background batch — stored webhook events applied right after receipt or by the inbox
 * poller, a batch of event listener runs — keeps up to a core busy with its database backend, and on a machine of few
 * cores it takes that core from the deliveries being acknowledged, whose answer the provider times (Stripe retries a
 * slow answer and at length disables the endpoint). So while deliveries arrive (one came within
 * {@code checkstand.background.busy-window}, 100ms), such batches take turns: at most
 * {@code checkstand.background.busy-batches} run at once (half the cores, at least one: so one on two cores), the
 * others wait for one of them to end (and gather more work meanwhile). When deliveries stop, batches run side by side
 * again, at once.
 * <p>
 * Nothing is held back for good: every batch is bounded, and the turn passes to those waiting in the order they
 * queued for it (a fair semaphore; a waiter looks every 10 ms whether deliveries have stopped, and queues again).
 * A thread that already has the turn (a batch that runs another in its callbacks) does not wait for it again. With
 * {@code checkstand.background.turns=false} batches never wait. The waits are timed in
 * {@code checkstand.background.turn.wait}, by kind of batch.
 */
@Component
public class BackgroundTurns {

    /** What a batch holds while it runs; closing it passes the turn on. */
    public interface Turn extends AutoCloseable {

        @Override
        void close();
    }

    private static final Turn NONE = () -> {
    };

    private final boolean on;
    private final long windowNanos;
    private final Semaphore turn;
    private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);
    private final MeterRegistry meters;
    private final Map<String, Timer> waited = new ConcurrentHashMap<>();
    private volatile long lastArrival;

    BackgroundTurns(@Value("${checkstand.background.turns:true}") boolean on,
            @Value("${checkstand.background.busy-window:100ms}") Duration window,
            @Value("${checkstand.background.busy-batches:#{null}}") Integer busyBatches, MeterRegistry meters) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("checkstand.background.busy-window must be positive");
        }
        int atOnce = busyBatches != null ? busyBatches
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        if (atOnce < 1) {
            throw new IllegalArgumentException("checkstand.background.busy-batches must be at least 1");
        }
        this.turn = new Semaphore(atOnce, true);
        this.on = on;
        this.windowNanos = window.toNanos();
        this.lastArrival = System.nanoTime() - windowNanos - 1;
        this.meters = meters;
    }

    /** A webhook delivery has arrived and is being acknowledged. */
    public void deliveryArrived() {
        if (on) {
            lastArrival = System.nanoTime();
        }
    }

    /** Whether deliveries are arriving, so that background batches take turns. */
    public boolean busy() {
        return on && System.nanoTime() - lastArrival < windowNanos;
    }

    /**
     * Waits, while deliveries arrive, until fewer than {@code busy-batches} other background batches run; at once
     * otherwise. The caller runs its batch and then closes the turn, in a {@code try}-with-resources. {@code batch}
     * names the kind of batch in the wait's timer.
     */
    public Turn await(String batch) {
        if (!busy() || holding.get()) {
            return NONE;
        }
        long start = System.nanoTime();
        boolean taken = false;
        try {
            while (busy()) {
                if (turn.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    taken = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            // Stopping: the batch runs as it would have, without the turn.
            Thread.currentThread().interrupt();
        }
        waited.computeIfAbsent(batch, kind -> Timer.builder("checkstand.background.turn.wait")
                        .description("How long background batches waited for their turn while webhook deliveries"
                                + " arrived")
                        .tag("batch", kind)
                        .register(meters))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (!taken) {
            return NONE;
        }
        holding.set(true);
        return () -> {
            holding.set(false);
            turn.release();
        };
    }
}
