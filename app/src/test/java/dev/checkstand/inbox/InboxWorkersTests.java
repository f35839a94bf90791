package dev.checkstand.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboxWorkersTests {

    @Test
    void runsAtMostItsThreadsAtOnceQueuesUpToItsCapacityAndRefusesTheRest() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(5);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Runnable task = () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            finished.countDown();
        };
        try (InboxWorkers workers = new InboxWorkers(2, 3, meters)) {
            int accepted = 0;
            for (int i = 0; i < 8; i++) {
                if (workers.offer(task)) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(5);
            assertThat(meters.counter("checkstand.webhooks.deferred").count()).isEqualTo(3);
            // Both threads are busy before anything is released, so the three queued tasks must wait for them.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> running.get() == 2);
            release.countDown();
            assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(mostAtOnce.get()).isEqualTo(2);
        }
    }

    @Test
    void withNoQueueATaskIsTakenOnlyWhenAThreadIsFree() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        try (InboxWorkers workers = new InboxWorkers(1, 0, meters)) {
            assertThat(workers.offer(() -> awaitQuietly(release))).isTrue();
            assertThat(workers.offer(() -> { })).isFalse();
            release.countDown();
            CountDownLatch ran = new CountDownLatch(1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> workers.offer(ran::countDown));
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
