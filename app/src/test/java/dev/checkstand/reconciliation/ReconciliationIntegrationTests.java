package dev.checkstand.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.event.ExecutionChain;
import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Catching up with Stripe when every webhook was lost, and the jobs shared by several instances. */
class ReconciliationIntegrationTests {

    static final String[] CATCH_UP_ONLY_WHEN_ASKED = {
            "--checkstand.reconciliation.catch-up-interval=1h", "--checkstand.reconciliation.stale-sync-interval=1h"};

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("reconciliation");

    @Test
    void fiveHundredPaymentsWithEveryWebhookLostArePaidAfterOneCatchUpPassOfAFewListCalls() throws Exception {
        StripeSimulator simulator = instances.simulator();
        JdbcClient jdbc = instances.jdbc();
        try {
            ServiceInstance service = instances.start(CATCH_UP_ONLY_WHEN_ASKED);
            simulator.setWebhookDeliveryEnabled(false);
            List<String> orders = payWithoutTellingTheService(service.api(), 500);
            long listsBefore = eventLists();

            EventCatchUp.Result result = service.bean(EventCatchUp.class).run();

            assertThat(eventLists() - listsBefore).isEqualTo(result.pages()).isLessThanOrEqualTo(10);
            assertThat(result.stored()).isGreaterThanOrEqualTo(500);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(paid(orders)).isEqualTo(500));
            assertThat(jdbc.sql("select count(*) from order_timeline where type = 'paid' and order_id in (:ids)")
                    .param("ids", ids(orders)).query(Long.class).single()).isEqualTo(500);

            instances.stop(service);
            Instant cursor = cursor();
            long stored = jdbc.sql("select count(*) from webhook_events where source = 'stripe'").query(Long.class).single();
            ServiceInstance restarted = instances.start(CATCH_UP_ONLY_WHEN_ASKED);
            assertThat(cursor()).isEqualTo(cursor);

            EventCatchUp.Result again = restarted.bean(EventCatchUp.class).run();

            assertThat(again.seen()).isPositive();
            assertThat(again.stored()).isZero();
            assertThat(jdbc.sql("select count(*) from webhook_events where source = 'stripe'").query(Long.class).single()).isEqualTo(stored);
            assertThat(jdbc.sql("select count(*) from order_timeline where type = 'paid' and order_id in (:ids)")
                    .param("ids", ids(orders)).query(Long.class).single()).isEqualTo(500);
            List<String> more = payWithoutTellingTheService(restarted.api(), 3);
            Api.Response pass = restarted.api().postAsAdmin("/api/admin/sync-orders", "{}");
            assertThat(pass.status()).isEqualTo(200);
            assertThat(pass.json().path("events").path("stored").asInt()).isGreaterThanOrEqualTo(3);
            await().untilAsserted(() -> assertThat(paid(more)).isEqualTo(3));
            assertThat(cursor()).isAfterOrEqualTo(cursor);
        } finally {
            simulator.setWebhookDeliveryEnabled(true);
        }
    }

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
        await().atMost(Duration.ofSeconds(60)).until(() -> JobRuns.RUNS.stream()
                .map(JobRuns.Run::task).collect(Collectors.toSet()).size() >= 5 && JobRuns.RUNS.size() >= 60
                && JobRuns.RUNS.stream().map(JobRuns.Run::instance).distinct().count() == 2);
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

    private static List<String> payWithoutTellingTheService(Api api, int count) throws Exception {
        UUID product = Catalogs.product(instances.jdbc(), 400, count);
        Browser browser = new Browser(instances.simulator().baseUrl(), instances.simulator().publishableKey());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
                    browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
                    return checkout.text("orderId");
                }));
            }
            List<String> orders = new ArrayList<>();
            for (Future<String> future : futures) {
                orders.add(future.get());
            }
            assertThat(paid(orders)).isZero();
            return orders;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long paid(List<String> orders) {
        return instances.jdbc().sql("select count(*) from orders where status = 'paid' and id in (:ids)")
                .param("ids", ids(orders)).query(Long.class).single();
    }

    private static List<UUID> ids(List<String> orders) {
        return orders.stream().map(UUID::fromString).toList();
    }

    private static long eventLists() {
        return instances.simulator().apiCallCounts().getOrDefault("GET /v1/events", 0L);
    }

    private static Instant cursor() {
        return instances.jdbc().sql("select position from reconciliation_cursors where name = 'stripe-events'")
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
    }

    /** Records every job execution of every instance in this JVM, with when it started and ended. */
    @Configuration(proxyBeanMethods = false)
    static class JobRuns {

        // Written by both instances' job threads while the test reads it: copy-on-write, so a read never races a write.
        static final List<Run> RUNS = new java.util.concurrent.CopyOnWriteArrayList<>();

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
