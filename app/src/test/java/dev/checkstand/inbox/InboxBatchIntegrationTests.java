package dev.checkstand.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.StripeEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Stored events applied many to a transaction: with processing on receipt and the poller off, events wait in the
 * inbox until the test runs the poller's pass itself. A test handler applies its events from their payload by writing
 * a row stamped with its transaction's id, refuses a "poison" event (after writing its row, in the transaction), and
 * leaves a "remote" event to the ordinary path (as a handler that needs the provider does).
 * Real payments, announced by Stripe's events, go through the same pass.
 */
@CheckstandIntegrationTest
@TestPropertySource(properties = {"checkstand.webhooks.process-on-receipt=false", "checkstand.webhooks.poll=false"})
@Import(InboxBatchIntegrationTests.Handler.class)
class InboxBatchIntegrationTests {

    static final String TYPE = "test.batch_applied";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    InboxProcessor processor;

    @BeforeEach
    void table() {
        jdbc.sql("create table if not exists batch_test_applied (event_id text primary key, tx bigint not null)").update();
        jdbc.sql("create table if not exists batch_test_prepared (event_id text primary key, tx bigint not null)").update();
    }

    @Test
    void eventsWaitingTogetherAreAppliedAndMarkedProcessedInOneTransaction() {
        List<String> ids = deliver(20, -1);

        processor.processDue();

        assertThat(statuses(ids)).containsOnly("processed");
        assertThat(jdbc.sql("select count(distinct tx) from batch_test_applied where event_id = any(:ids)")
                .param("ids", ids.toArray(String[]::new)).query(Long.class).single()).isEqualTo(1);
        assertThat(applied(ids)).isEqualTo(20);
        // Its handler was asked to prepare for all of them at once, in that transaction, before it applied the first.
        assertThat(jdbc.sql("select count(*) || ' ' || count(distinct tx) from batch_test_prepared"
                        + " where tx = (select max(tx) from batch_test_applied where event_id = any(:ids))"
                        + " and event_id = any(:ids)")
                .param("ids", ids.toArray(String[]::new)).query(String.class).single()).isEqualTo("20 1");
    }

    @Test
    void thePassStopsBetweenBatchesWhenAskedAndLeavesTheRestDue() {
        // Three batches of 50 waiting, the last one short; the poller's job asks "stop?" between batches (is the
        // scheduler shutting down?), here "yes" at once.
        List<String> ids = deliver(120, -1);
        AtomicInteger asked = new AtomicInteger();

        processor.processDue(() -> asked.incrementAndGet() > 0);

        assertThat(asked).hasValue(1);
        // One batch at most was applied (other tests' due events, if any, take some of its places), the rest waits.
        assertThat(statuses(ids).stream().filter("processed"::equals).count()).isLessThanOrEqualTo(50L);
        assertThat(statuses(ids).stream().filter("received"::equals).count()).isGreaterThanOrEqualTo(70L);

        processor.processDue();

        assertThat(statuses(ids)).hasSize(120).containsOnly("processed");
    }

    @Test
    void paymentsWaitingTogetherArePaidInOneTransactionAndAPaymentIntentAnnouncedTwiceIsAppliedOnce() throws Exception {
        simulator.setWebhookDeliveryEnabled(false);
        try {
            UUID product = Catalogs.product(jdbc, 1200, 10);
            Browser browser = new Browser(simulator.baseUrl(), simulator.publishableKey());
            List<String> paymentIntents = new ArrayList<>();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
                assertThat(checkout.status()).isEqualTo(201);
                String paid = browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa")
                        .getLastResponse().body();
                paymentIntents.add(checkout.text("paymentIntentId"));
                // The first two are announced twice, by two events: the second finds its attempt succeeded already.
                for (int k = 0; k < (i < 2 ? 2 : 1); k++) {
                    String eventId = StripeEvents.newEventId();
                    assertThat(StripeEvents.deliver(api, StripeEvents.event(eventId, "payment_intent.succeeded", paid),
                            simulator.webhookSecret()).status()).isEqualTo(200);
                    events.add(eventId);
                }
            }

            processor.processDue();

            assertThat(statuses(events)).hasSize(7).containsOnly("processed");
            // One transaction: the events finished and every order's one "paid" entry written by the same one.
            assertThat(jdbc.sql("select count(distinct xmin::text) from webhook_events where event_id = any(:ids)")
                    .param("ids", events.toArray(String[]::new)).query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("""
                            select count(*) || ' ' || count(distinct t.order_id) || ' ' || count(distinct t.xmin::text)
                              from order_timeline t join payment_attempts a on a.order_id = t.order_id
                             where a.payment_intent_id = any(:pis) and t.type = 'paid'""")
                    .param("pis", paymentIntents.toArray(String[]::new)).query(String.class).single())
                    .isEqualTo("5 5 1");
            assertThat(jdbc.sql("""
                            select o.status || ' ' || a.status from orders o join payment_attempts a on a.order_id = o.id
                             where a.payment_intent_id = any(:pis)""")
                    .param("pis", paymentIntents.toArray(String[]::new)).query(String.class).list())
                    .hasSize(5).containsOnly("paid succeeded");
            assertThat(Catalogs.stock(jdbc, product)).containsExactly(5, 0);
        } finally {
            simulator.setWebhookDeliveryEnabled(true);
        }
    }

    @Test
    void anEventThatFailsIsTakenAloneAndTheOthersAreStillApplied() {
        List<String> ids = deliver(20, 7);
        String poison = ids.get(7);

        processor.processDue();

        List<String> others = new ArrayList<>(ids);
        others.remove(poison);
        assertThat(statuses(others)).containsOnly("processed");
        assertThat(applied(others)).isEqualTo(19);
        // The poison's own write was rolled back with it; it waits for its retry, its error kept.
        assertThat(applied(List.of(poison))).isZero();
        assertThat(jdbc.sql("select status || ' ' || attempts || ' ' || coalesce(last_error, '') from webhook_events"
                        + " where event_id = :id")
                .param("id", poison).query(String.class).single())
                .startsWith("received 1 ").contains("poisoned on purpose");
    }

    @Test
    void aBatchWritesEachEventOnceAndLeasesThoseLeftForTheOrdinaryPath() {
        // Counts every write of a stored event, by a trigger of the test's own.
        jdbc.sql("create table if not exists batch_test_writes (n bigint generated always as identity, event_id text not null,"
                + " status text not null)").update();
        jdbc.sql("""
                create or replace function batch_test_count_write() returns trigger language plpgsql as $$
                begin
                    insert into batch_test_writes (event_id, status) values (new.event_id, new.status);
                    return null;
                end $$""").update();
        jdbc.sql("create trigger batch_test_writes after update on webhook_events"
                + " for each row execute function batch_test_count_write()").update();
        try {
            List<String> ids = deliver(12, -1, 5);
            String remote = ids.get(5);

            processor.processDue();

            assertThat(statuses(ids)).hasSize(12).containsOnly("processed");
            // Applied in the batch: one write each, which ends it and counts its attempt.
            List<String> local = new ArrayList<>(ids);
            local.remove(remote);
            assertThat(jdbc.sql("""
                            select e.event_id || ' ' || e.attempts || ' ' || string_agg(w.status, ',')
                              from webhook_events e join batch_test_writes w on w.event_id = e.event_id
                             where e.event_id = any(:ids) group by e.event_id, e.attempts""")
                    .param("ids", local.toArray(String[]::new)).query(String.class).list())
                    .containsExactlyInAnyOrderElementsOf(local.stream().map(id -> id + " 1 processed").toList());
            // Left for the ordinary path: leased by the batch (still received), then ended by the ordinary path.
            assertThat(jdbc.sql("select string_agg(w.status, ',' order by w.n) from batch_test_writes w"
                            + " where w.event_id = :id")
                    .param("id", remote).query(String.class).single()).isEqualTo("received,processed");
            assertThat(jdbc.sql("select attempts from webhook_events where event_id = :id")
                    .param("id", remote).query(Integer.class).single()).isEqualTo(1);
        } finally {
            jdbc.sql("drop trigger batch_test_writes on webhook_events").update();
        }
    }

    // Delivers n events of the test type; the one at poisonAt (if any) is refused by the handler.
    private List<String> deliver(int n, int poisonAt) {
        return deliver(n, poisonAt, -1);
    }

    // Delivers n events of the test type; the one at poisonAt (if any) is refused by the handler, the one at remoteAt
    // (if any) needs the ordinary path.
    private List<String> deliver(int n, int poisonAt, int remoteAt) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String eventId = StripeEvents.newEventId();
            String object = i == poisonAt ? "{\"id\":\"poison\"}"
                    : i == remoteAt ? "{\"id\":\"remote\"}" : "{\"id\":\"fine\"}";
            assertThat(StripeEvents.deliver(api, StripeEvents.event(eventId, TYPE, object), simulator.webhookSecret())
                    .status()).isEqualTo(200);
            ids.add(eventId);
        }
        return ids;
    }

    private List<String> statuses(List<String> ids) {
        return jdbc.sql("select status from webhook_events where event_id = any(:ids)")
                .param("ids", ids.toArray(String[]::new)).query(String.class).list();
    }

    private long applied(List<String> ids) {
        return jdbc.sql("select count(*) from batch_test_applied where event_id = any(:ids)")
                .param("ids", ids.toArray(String[]::new)).query(Long.class).single();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Handler {

        @Bean
        InboxHandler batchTestHandler(JdbcClient jdbc) {
            return new InboxHandler() {
                @Override
                public String source() {
                    return "stripe";
                }

                @Override
                public List<String> types() {
                    return List.of(TYPE);
                }

                // Records which events it was asked to prepare for, in which transaction.
                @Override
                public void prepareLocally(List<InboxEvent> events) {
                    jdbc.sql("insert into batch_test_prepared (event_id, tx) select unnest(:ids), txid_current()")
                            .param("ids", events.stream().map(InboxEvent::eventId).toArray(String[]::new)).update();
                }

                // Writes its row, then refuses a poison: the write must roll back with the transaction.
                @Override
                public boolean handleLocally(InboxEvent event) {
                    if (event.payload().contains("\"remote\"")) {
                        return false;
                    }
                    jdbc.sql("insert into batch_test_applied (event_id, tx) values (:id, txid_current())")
                            .param("id", event.eventId()).update();
                    refusePoison(event);
                    return true;
                }

                // The ordinary path, outside a transaction: refuses a poison before writing anything.
                @Override
                public void handle(InboxEvent event) {
                    refusePoison(event);
                    jdbc.sql("insert into batch_test_applied (event_id, tx) values (:id, txid_current())")
                            .param("id", event.eventId()).update();
                }

                private static void refusePoison(InboxEvent event) {
                    if (event.payload().contains("\"poison\"")) {
                        throw new IllegalStateException("poisoned on purpose");
                    }
                }
            };
        }
    }
}
