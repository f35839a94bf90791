package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Background batches take turns while deliveries arrive, run side by side otherwise, and are never held for good. */
class BackgroundTurnsTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void whileDeliveriesArriveBatchesRunOneAtATime() throws Exception {
        BackgroundTurns turns = new BackgroundTurns(true, Duration.ofMinutes(1), 1, meters);
        turns.deliveryArrived();

        assertThat(mostAtOnce(turns, 4)).as("batches running at once while deliveries arrive").isEqualTo(1);
        assertThat(meters.timer("checkstand.background.turn.wait", "batch", "test").count()).isEqualTo(80);
    }

    @Test
    void asManyAtOnceAsConfigured() throws Exception {
        BackgroundTurns turns = new BackgroundTurns(true, Duration.ofMinutes(1), 2, meters);
        turns.deliveryArrived();

        assertThat(mostAtOnce(turns, 4)).as("batches running at once while deliveries arrive").isEqualTo(2);
    }

    // Batches on as many threads, 20 each, each holding its turn until another batch asks for one or runs beside it
    // (or no other thread is left to); how many ran at once at most.
    private int mostAtOnce(BackgroundTurns turns, int batchThreads) throws Exception {
        AtomicInteger asking = new AtomicInteger();
        AtomicInteger threadsLeft = new AtomicInteger(batchThreads);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Future<?>[] batches = new Future<?>[batchThreads];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = threads.submit(() -> {
                start.await();
                for (int round = 0; round < 20; round++) {
                    asking.incrementAndGet();
                    try (BackgroundTurns.Turn turn = turns.await("test")) {
                        asking.decrementAndGet();
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        await().atMost(Duration.ofSeconds(10)).until(() -> asking.get() > 0 || running.get() > 1
                                || threadsLeft.get() == 1);
                        running.decrementAndGet();
                    }
                }
                threadsLeft.decrementAndGet();
                return null;
            });
        }
        start.countDown();
        for (Future<?> batch : batches) {
            batch.get(30, TimeUnit.SECONDS);
        }
        return mostAtOnce.get();
    }

    @Test
    void withoutDeliveriesBatchesRunSideBySide() throws Exception {
        BackgroundTurns turns = new BackgroundTurns(true, Duration.ofMinutes(1), 1, meters);
        assertThat(turns.busy()).isFalse();
        CountDownLatch bothIn = new CountDownLatch(2);
        Future<?>[] batches = new Future<?>[2];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = threads.submit(() -> {
                try (BackgroundTurns.Turn turn = turns.await("test")) {
                    bothIn.countDown();
                    // Both hold their turn at the same time, or this never returns true.
                    return bothIn.await(10, TimeUnit.SECONDS);
                }
            });
        }
        for (Future<?> batch : batches) {
            assertThat(batch.get(30, TimeUnit.SECONDS)).isEqualTo(true);
        }
        assertThat(meters.find("checkstand.background.turn.wait").timer()).as("no batch waited").isNull();
    }

    @Test
    void aWaitingBatchGoesOnceItsTurnIsPassedOn() throws Exception {
        BackgroundTurns turns = new BackgroundTurns(true, Duration.ofMinutes(1), 1, meters);
        turns.deliveryArrived();
        CountDownLatch secondIn = new CountDownLatch(1);
        Future<?> second;
        try (BackgroundTurns.Turn first = turns.await("test")) {
            second = threads.submit(() -> {
                try (BackgroundTurns.Turn turn = turns.await("test")) {
                    secondIn.countDown();
                }
                return null;
            });
            assertThat(secondIn.await(300, TimeUnit.MILLISECONDS)).as("second batch ran beside the first").isFalse();
        }
        assertThat(secondIn.await(10, TimeUnit.SECONDS)).isTrue();
        second.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWaitingBatchGoesWhenDeliveriesStopEvenIfTheTurnIsNeverPassedOn() throws Exception {
        BackgroundTurns turns = new BackgroundTurns(true, Duration.ofMillis(300), 1, meters);
        turns.deliveryArrived();
        BackgroundTurns.Turn held = turns.await("test");
        try {
            CountDownLatch secondIn = new CountDownLatch(1);
            Future<?> second = threads.submit(() -> {
                try (BackgroundTurns.Turn turn = turns.await("test")) {
                    secondIn.countDown();
                }
                return null;
            });
            assertThat(secondIn.await(10, TimeUnit.SECONDS)).as("the waiting batch went once deliveries stopped")
                    .isTrue();
            second.get(10, TimeUnit.SECONDS);
            assertThat(turns.busy()).isFalse();
        } finally {
            held.close();
        }
    }

    @Test
    void theThreadThatHasTheTurnDoesNotWaitForItAgain() throws Exception {
        BackgroundTurns turns = new BackgroundTurns(true, Duration.ofMinutes(1), 1, meters);
        turns.deliveryArrived();
        Future<Boolean> nested = threads.submit(() -> {
            try (BackgroundTurns.Turn outer = turns.await("test");
                    BackgroundTurns.Turn inner = turns.await("test")) {
                return true;
            }
        });
        assertThat(nested.get(5, TimeUnit.SECONDS)).isTrue();
        // And the turn was passed on: another thread gets it.
        Future<Boolean> after = threads.submit(() -> {
            try (BackgroundTurns.Turn turn = turns.await("test")) {
                return true;
            }
        });
        assertThat(after.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void switchedOffNoBatchEverWaits() throws Exception {
        BackgroundTurns turns = new BackgroundTurns(false, Duration.ofMinutes(1), 1, meters);
        turns.deliveryArrived();
        assertThat(turns.busy()).isFalse();
        try (BackgroundTurns.Turn first = turns.await("test")) {
            Future<Boolean> second = threads.submit(() -> {
                try (BackgroundTurns.Turn turn = turns.await("test")) {
                    return true;
                }
            });
            assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
