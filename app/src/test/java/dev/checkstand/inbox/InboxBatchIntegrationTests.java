package dev.checkstand.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.StripeEvents;
import java.util.ArrayList;
import java.util.List;
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
 * a row stamped with its transaction's id, and refuses a "poison" event (after writing its row, in the transaction).
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
    }

    @Test
    void eventsWaitingTogetherAreAppliedAndMarkedProcessedInOneTransaction() {
        List<String> ids = deliver(20, -1);

        processor.processDue();

        assertThat(statuses(ids)).containsOnly("processed");
        assertThat(jdbc.sql("select count(distinct tx) from batch_test_applied where event_id = any(:ids)")
                .param("ids", ids.toArray(String[]::new)).query(Long.class).single()).isEqualTo(1);
        assertThat(applied(ids)).isEqualTo(20);
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

    // Delivers n events of the test type; the one at poisonAt (if any) is refused by the handler.
    private List<String> deliver(int n, int poisonAt) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String eventId = StripeEvents.newEventId();
            String object = i == poisonAt ? "{\"id\":\"poison\"}" : "{\"id\":\"fine\"}";
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

                // Writes its row, then refuses a poison: the write must roll back with the transaction.
                @Override
                public boolean handleLocally(InboxEvent event) {
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
