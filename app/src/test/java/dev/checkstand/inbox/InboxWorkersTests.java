package dev.checkstand.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InboxWorkersTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final List<List<Long>> batches = new CopyOnWriteArrayList<>();
    // How many batches had been handed over when each catch-up began.
    private final List<Integer> catchUps = new CopyOnWriteArrayList<>();
    private final Runnable catchUp = () -> catchUps.add(batches.size());

    // Records each batch, and holds every worker until released.
    private final Consumer<List<Long>> held = ids -> {
        batches.add(ids);
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.decrementAndGet();
    };

    @Test
    void runsAtMostItsThreadsAtOnceQueuesUpToItsCapacityAndRefusesTheRest() throws Exception {
        try (InboxWorkers workers = new InboxWorkers(2, 3, 1, meters)) {
            workers.start(held, catchUp);
            assertThat(workers.offer(1)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
            assertThat(workers.offer(2)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
            // Both threads are busy: three ids wait in the queue, the rest are left to the poller.
            int accepted = 0;
            for (long id = 3; id <= 8; id++) {
                if (workers.offer(id)) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(3);
            assertThat(meters.counter("checkstand.webhooks.deferred").count()).isEqualTo(3);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 5 && running.get() == 0);
            assertThat(mostAtOnce.get()).isEqualTo(2);
            assertThat(batches.stream().flatMap(List::stream)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
            // The refused three are due in the inbox: one catch-up, by whichever worker found the queue empty first.
            await().atMost(Duration.ofSeconds(10)).until(() -> catchUps.size() == 1);
        }
    }

    @Test
    void aWorkerTakesEveryWaitingIdUpToItsBatchInOneCall() throws Exception {
        try (InboxWorkers workers = new InboxWorkers(1, 10, 4, meters)) {
            workers.start(held, catchUp);
            assertThat(workers.offer(1)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
            for (long id = 2; id <= 7; id++) {
                assertThat(workers.offer(id)).isTrue();
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 3 && running.get() == 0);
            assertThat(batches).containsExactly(List.of(1L), List.of(2L, 3L, 4L, 5L), List.of(6L, 7L));
            assertThat(meters.counter("checkstand.webhooks.deferred").count()).isZero();
            assertThat(catchUps).as("nothing was refused, so nothing to catch up with").isEmpty();
        }
    }

    @Test
    void aWorkerCatchesUpOnceItsQueueIsEmptyAfterARefusalAndNotAgainUntilTheNext() throws Exception {
        try (InboxWorkers workers = new InboxWorkers(1, 1, 1, meters)) {
            workers.start(held, catchUp);
            assertThat(workers.offer(1)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
            assertThat(workers.offer(2)).isTrue();
            assertThat(workers.offer(3)).as("the queue is full").isFalse();
            assertThat(catchUps).as("the worker is still busy").isEmpty();

            release.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> catchUps.size() == 1);
            assertThat(catchUps).as("after the queued id, not between the two").containsExactly(2);
            assertThat(workers.offer(4)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 3 && running.get() == 0);
            assertThat(catchUps).as("no refusal since").hasSize(1);
        }
    }

    @Test
    void withNoQueueAnIdIsTakenOnlyWhenAThreadIsFree() throws Exception {
        try (InboxWorkers workers = new InboxWorkers(1, 0, 8, meters)) {
            workers.start(held, catchUp);
            await().atMost(Duration.ofSeconds(10)).until(() -> workers.offer(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
            assertThat(workers.offer(2)).isFalse();
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> workers.offer(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 2);
            assertThat(batches).containsExactly(List.of(1L), List.of(3L));
        }
    }

    @Test
    void workersThatAreOffTakeNothing() throws Exception {
        try (InboxWorkers workers = InboxWorkers.off()) {
            workers.start(held, catchUp);
            assertThat(workers.offer(1)).isFalse();
            assertThat(batches).isEmpty();
        }
    }
}
