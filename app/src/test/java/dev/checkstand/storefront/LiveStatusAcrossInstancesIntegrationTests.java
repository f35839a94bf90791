package dev.checkstand.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.StatusStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances on one PostgreSQL: a change committed anywhere reaches the streams another instance holds through
 * LISTEN/NOTIFY. The safety poll is set to a minute, so an event within a few seconds can only have come from a
 * notification (or from the re-read after the listener reconnected).
 */
class LiveStatusAcrossInstancesIntegrationTests {

    private static final String SAFETY_POLL = "--checkstand.streams.safety-poll=60s";
    private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(10);

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("live-status");

    @Test
    void anOrderPaidThroughOneInstanceShowsPaidOnAStreamHeldByAnotherLongBeforeTheSafetyPoll() throws Exception {
        ServiceInstance a = instances.start(SAFETY_POLL);
        ServiceInstance b = instances.start(SAFETY_POLL);
        instances.simulator().setWebhookUrl(a.webhookUrl());
        Api.Response checkout = a.api().post("/api/create-payment-intent",
                Checkouts.oneMugToLondon(instances.jdbc()).body());
        try (StatusStream stream = StatusStream.open(b.port(), checkout.text("orderId"))) {
            assertThat(stream.next(WELL_BEFORE_THE_POLL).data()).contains("\"paymentStatus\":\"unpaid\"");

            new Browser(instances.simulator().baseUrl(), instances.simulator().publishableKey())
                    .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
            a.api().post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));

            assertThat(stream.next(event -> event.data().contains("\"paymentStatus\":\"paid\""), WELL_BEFORE_THE_POLL))
                    .as("the paid status on instance B's stream").isNotNull();
        }
    }

    @Test
    void anInstanceWhoseListeningConnectionWasKilledReadsItsWatchedOrdersAgainAndListensAnew() throws Exception {
        ServiceInstance a = instances.start(SAFETY_POLL);
        ServiceInstance b = instances.start(SAFETY_POLL);
        UUID order = newOrder(a);
        try (StatusStream stream = StatusStream.open(b.port(), order.toString())) {
            assertThat(stream.next(WELL_BEFORE_THE_POLL)).isNotNull();
            int unannounced = changeWithoutNotifying(order);
            // One listening connection per instance (a stopped instance's backend may take a moment to leave).
            await().atMost(WELL_BEFORE_THE_POLL).until(() -> listeners(List.of(0)) == 2);
            List<Integer> killed = instances.jdbc().sql("""
                    select pid from pg_stat_activity where application_name = 'checkstand-listener'""")
                    .query(Integer.class).list();

            instances.jdbc().sql("select pg_terminate_backend(pid) from pg_stat_activity where pid in (:pids)")
                    .param("pids", killed).query().listOfRows();

            // No notification ever named this change: only the re-read after reconnecting can bring it.
            assertThat(stream.next(event -> event.version() == unannounced, WELL_BEFORE_THE_POLL))
                    .as("the unannounced change, read after reconnecting").isNotNull();
            await().atMost(WELL_BEFORE_THE_POLL).until(() -> listeners(killed) == 2);
            int announced = touch(order);
            assertThat(stream.next(event -> event.version() == announced, WELL_BEFORE_THE_POLL))
                    .as("a change notified on the new connection").isNotNull();
        }
    }

    @Test
    void everyEventCarriesTheOrderVersionAsItsIdAndAReconnectionGetsTheCurrentStatusAtOnce() throws Exception {
        ServiceInstance a = instances.start(SAFETY_POLL);
        ServiceInstance b = instances.start(SAFETY_POLL);
        UUID order = newOrder(a);
        int first;
        int changed;
        try (StatusStream stream = StatusStream.open(b.port(), order.toString())) {
            first = stream.next(WELL_BEFORE_THE_POLL).version();
            changed = touch(order);
            StatusStream.Event afterTheChange = stream.next(WELL_BEFORE_THE_POLL);
            assertThat(afterTheChange).as("the change's event").isNotNull();
            assertThat(afterTheChange.version()).isEqualTo(changed);
        }

        // EventSource reconnects with the id it saw last; one that missed a change and one that did not.
        for (int lastSeen : List.of(first, changed)) {
            try (StatusStream again = StatusStream.open(a.port(), order.toString(),
                    Map.of("Last-Event-ID", Integer.toString(lastSeen)))) {
                StatusStream.Event current = again.next(WELL_BEFORE_THE_POLL);
                assertThat(current.version()).isEqualTo(changed);
                assertThat(current.data()).contains("\"status\":\"pending_payment\"");
            }
        }
    }

    @Test
    void manyOrdersChangedConcurrentlyFromBothInstancesEachEndAtTheirLastVersionOnEveryStream() throws Exception {
        ServiceInstance a = instances.start(SAFETY_POLL);
        ServiceInstance b = instances.start(SAFETY_POLL);
        UUID product = Catalogs.product(instances.jdbc(), 1000, 100);
        List<UUID> orders = new ArrayList<>();
        List<StatusStream> streams = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 20; i++) {
                UUID order = UUID.fromString(a.api().post("/api/create-payment-intent", Checkouts.of(product, 1))
                        .text("orderId"));
                orders.add(order);
                for (ServiceInstance holder : List.of(a, b)) {
                    StatusStream stream = StatusStream.open(holder.port(), order.toString());
                    streams.add(stream);
                    stream.next(WELL_BEFORE_THE_POLL);
                }
            }

            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                done.add(writers.submit(() -> touch(orders.get(ThreadLocalRandom.current().nextInt(orders.size())))));
            }
            for (Future<?> each : done) {
                each.get();
            }

            for (int i = 0; i < streams.size(); i++) {
                int last = version(orders.get(i / 2));
                List<Integer> seen = new ArrayList<>();
                StatusStream.Event event = streams.get(i).next(e -> {
                    seen.add(e.version());
                    return e.version() == last;
                }, WELL_BEFORE_THE_POLL);
                assertThat(event).as("version %d on stream %d", last, i).isNotNull();
                assertThat(seen).as("versions in the order they were sent").isSorted().doesNotHaveDuplicates();
            }
        } finally {
            writers.shutdownNow();
            streams.forEach(StatusStream::close);
        }
    }

    private static UUID newOrder(ServiceInstance instance) {
        Api.Response checkout = instance.api().post("/api/create-payment-intent",
                Checkouts.oneMugToLondon(instances.jdbc()).body());
        assertThat(checkout.status()).isEqualTo(201);
        return UUID.fromString(checkout.text("orderId"));
    }

    // A change committed straight to the shared database, as any instance's transaction commits one; its new version.
    private static int touch(UUID order) {
        return instances.jdbc().sql("update orders set version = version + 1 where id = :id returning version")
                .param("id", order).query(Integer.class).single();
    }

    // The same, with the session's triggers off (a replica's role): the change commits, and no notification is sent.
    private static int changeWithoutNotifying(UUID order) {
        instances.jdbc().sql("set session_replication_role = replica; update orders set version = version + 1 where id = '"
                + order + "'").update();
        return version(order);
    }

    private static int version(UUID order) {
        return instances.jdbc().sql("select version from orders where id = :id").param("id", order)
                .query(Integer.class).single();
    }

    private static long listeners(List<Integer> killed) {
        return instances.jdbc().sql("""
                select count(*) from pg_stat_activity
                 where application_name = 'checkstand-listener' and pid not in (:killed)""")
                .param("killed", killed).query(Long.class).single();
    }
}
