package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventListenerExecutionTests {

    @Test
    void listenersRunOnTheirOwnThreadsAndAFullQueueRunsTheNextOnThePublishersThread() throws Exception {
        EventListenerExecution execution = new EventListenerExecution(1, 1, task -> task);
        try {
            Executor executor = execution.getAsyncExecutor();
            CountDownLatch release = new CountDownLatch(1);
            List<String> ranOn = new CopyOnWriteArrayList<>();
            executor.execute(() -> {
                ranOn.add(Thread.currentThread().getName());
                awaitQuietly(release);
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> ranOn.size() == 1);
            // The one thread is busy and the queue of one takes the next; the one after runs where it is published.
            executor.execute(() -> ranOn.add(Thread.currentThread().getName()));
            executor.execute(() -> ranOn.add(Thread.currentThread().getName()));

            assertThat(ranOn).hasSize(2);
            assertThat(ranOn.get(0)).startsWith("event-listener-");
            assertThat(ranOn.get(1)).isEqualTo(Thread.currentThread().getName());
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> ranOn.size() == 3);
            assertThat(ranOn.get(2)).startsWith("event-listener-");
        } finally {
            execution.destroy();
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
