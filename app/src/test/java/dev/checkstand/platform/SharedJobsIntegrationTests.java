package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.event.ExecutionChain;
import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The jobs shared by several instances: each runs on one instance at a time. Backends of its own: on backends an
 * earlier test left a backlog on (500 paid orders to submit at Printful's pace), one instance's only job thread was
 * held by that one job for minutes and the other instance never got to run anything.
 */
class SharedJobsIntegrationTests {

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("shared-jobs");

    @Test
    void twoInstancesRunningTheJobsNeverRunTheSameJobAtOnce() throws Exception {
        JobRuns.RUNS.clear();
        String[] fast = {"--checkstand.reconciliation.catch-up-interval=200ms",
                "--checkstand.reconciliation.stale-sync-interval=200ms", "--checkstand.expiry.interval=200ms",
                "--checkstand.recovery.interval=200ms", "--checkstand.webhooks.poll-interval=200ms",
                "--db-scheduler.polling-interval=100ms", "--db-scheduler.threads=1"};
        ServiceInstance a = instances.start(List.of(JobRuns.class), fast);
        ServiceInstance b = instances.start(List.of(JobRuns.class), fast);
        // One worker thread each, so each poll takes one due execution and both instances get work.
        // On a timeout the message tells which part was missing: how many runs each instance made of each job.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JobRuns.Run> seen = List.copyOf(JobRuns.RUNS);
            String made = seen.stream().collect(Collectors.groupingBy(JobRuns.Run::instance,
                    Collectors.groupingBy(JobRuns.Run::task, TreeMap::new, Collectors.counting()))).toString();
            assertThat(seen).as("runs so far: %s", made).hasSizeGreaterThanOrEqualTo(60);
            assertThat(seen.stream().map(JobRuns.Run::task).distinct().count()).as("jobs run: %s", made).isGreaterThanOrEqualTo(5);
            assertThat(seen.stream().map(JobRuns.Run::instance).distinct().count()).as("instances: %s", made).isEqualTo(2);
        });
        // Stopped before the runs are read, so every run they began has ended and been recorded.
        instances.stop(b);
        instances.stop(a);
        List<JobRuns.Run> runs = new ArrayList<>(JobRuns.RUNS);
        Map<String, List<JobRuns.Run>> byTask = runs.stream().collect(Collectors.groupingBy(JobRuns.Run::task));
        byTask.forEach((task, taskRuns) -> {
            List<JobRuns.Run> sorted = taskRuns.stream().sorted((x, y) -> x.start().compareTo(y.start())).toList();
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i).start()).as("%s ran twice at once", task).isAfterOrEqualTo(sorted.get(i - 1).end());
            }
        });
    }

    /** Records every job execution of every instance in this JVM, with when it started and ended. */
    @Configuration(proxyBeanMethods = false)
    static class JobRuns {

        // Written by both instances' job threads while the test reads it: copy-on-write, so a read never races a write.
        static final List<Run> RUNS = new CopyOnWriteArrayList<>();

        @Bean
        ExecutionInterceptor jobRunRecorder() {
            String instance = UUID.randomUUID().toString();
            return new ExecutionInterceptor() {
                @Override
                public CompletionHandler<?> execute(TaskInstance<?> task, ExecutionContext context, ExecutionChain chain) {
                    Instant start = Instant.now();
                    try {
                        return chain.proceed(task, context);
                    } finally {
                        RUNS.add(new Run(task.getTaskName(), instance, start, Instant.now()));
                    }
                }
            };
        }

        record Run(String task, String instance, Instant start, Instant end) {
        }
    }
}
