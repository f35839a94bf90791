package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 17's first proof: a job held by an instance that is killed (SIGKILL, a JVM of its own: no shutdown hook, its
 * execution left picked in {@code scheduled_tasks}) is taken over by another instance within 30 s, and
 * {@code picked_by} names the process that holds a job.
 */
class SchedulerTakeoverIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(SchedulerTakeoverIntegrationTests.class);
    private static final String JOB = "events-catch-up";

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("scheduler-takeover");

    @Test
    void aJobHeldByAKilledInstanceIsTakenOverWithinThirtySeconds() throws Exception {
        JdbcClient jdbc = instances.jdbc();
        // Stripe holds every events list call without answering until the client gives up (20 s, then its retries):
        // whoever runs the catch-up holds its execution for a minute.
        instances.simulator().faults().answerLost("GET /v1/events", 1_000).answerLostDelay(Duration.ofSeconds(60));
        // Due at once, whatever an earlier test's instances left on these backends.
        jdbc.sql("update scheduled_tasks set execution_time = now() where task_name = :job").param("job", JOB).update();
        try (ServiceProcess doomed = ServiceProcess.start("doomed", instances.jdbcUrl(), instances.simulator())) {
            String doomedName = await("the doomed instance picks the catch-up").atMost(Duration.ofSeconds(90))
                    .until(() -> pickedBy(jdbc), Optional::isPresent).orElseThrow();
            assertThat(doomed.alive()).isTrue();
            assertThat(doomedName).as("picked_by names the process").contains("-" + doomed.pid() + "-");

            ServiceInstance survivor = instances.start();
            String survivorName = survivor.bean(SchedulerIdentity.class).name();
            assertThat(survivorName).isNotEqualTo(doomedName);
            assertThat(pickedBy(jdbc)).as("still held by the doomed one").contains(doomedName);

            doomed.kill();
            Instant killed = Instant.now();
            instances.simulator().faults().reset();
            await("another instance takes the job over").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !heldBy(jdbc, doomedName));
            Duration takeover = Duration.between(killed, Instant.now());
            log.info("{} held by killed {} was taken over by {} after {} ms", JOB, doomedName, survivorName,
                    takeover.toMillis());

            assertThat(takeover).as("takeover after SIGKILL").isLessThan(Duration.ofSeconds(30));
            await("the survivor runs the job").atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                    select last_success from scheduled_tasks where task_name = :job""").param("job", JOB)
                    .query(java.sql.Timestamp.class).optional().map(t -> t.toInstant().isAfter(killed)).orElse(false));
            assertThat(jdbc.sql("select count(*) from scheduled_tasks where picked_by = :name")
                    .param("name", doomedName).query(Long.class).single()).as("nothing left held by the dead").isZero();
        }
    }

    @Test
    void everyProcessHasASchedulerNameOfItsOwnUnlessOneIsGiven() {
        ServiceInstance one = instances.start();
        ServiceInstance two = instances.start();
        ServiceInstance named = instances.start("--checkstand.scheduler.name=shop-eu-1");

        String first = one.bean(SchedulerIdentity.class).name();
        String second = two.bean(SchedulerIdentity.class).name();
        assertThat(first).isNotEqualTo(second).contains("-" + ProcessHandle.current().pid() + "-");
        assertThat(named.bean(SchedulerIdentity.class).name()).isEqualTo("shop-eu-1");
        assertThat(List.of(first, second)).allMatch(name -> name.matches(".+-\\d+-[0-9a-f]{6}"));
    }

    private static Optional<String> pickedBy(JdbcClient jdbc) {
        return jdbc.sql("select picked_by from scheduled_tasks where task_name = :job and picked")
                .param("job", JOB).query(String.class).optional();
    }

    private static boolean heldBy(JdbcClient jdbc, String name) {
        return pickedBy(jdbc).filter(name::equals).isPresent();
    }
}
