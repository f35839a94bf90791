package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.support.CheckstandIntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A listener's publication is completed in the listener's own transaction, and no {@code PROCESSING} mark is
 * written before it runs ({@link EventPublicationCompletion}). Test listeners write a row stamped with their
 * transaction's id and with the state their publication had, as another transaction saw it, when they began; a
 * publication row's {@code xmin} is the transaction that last wrote it — its completion.
 */
@CheckstandIntegrationTest
@Import(EventPublicationCompletionIntegrationTests.Probes.class)
class EventPublicationCompletionIntegrationTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void table() {
        jdbc.sql("""
                create table if not exists completion_probe (key text primary key, tx bigint not null,
                                                             status_seen text)""").update();
    }

    @Test
    void aListenersWorkAndItsCompletionAreCommittedByOneTransactionWithNoProcessingMarkBefore() {
        String key = publish(new Probe(UUID.randomUUID().toString(), false));

        Map<String, Object> publication = awaitPublication(key, "COMPLETED");

        Map<String, Object> probe = probe(key);
        assertThat(publication.get("completion_date")).isNotNull();
        assertThat(publication.get("written_by")).isEqualTo(probe.get("tx"));
        assertThat(probe.get("status_seen")).isEqualTo("PUBLISHED");
    }

    @Test
    void aListenerThatFailsLeavesNoWorkAndItsPublicationMarkedFailedNotCompleted() {
        String key = publish(new Probe(UUID.randomUUID().toString(), true));

        Map<String, Object> publication = awaitPublication(key, "FAILED");

        assertThat(publication.get("completion_date")).isNull();
        assertThat(jdbc.sql("select count(*) from completion_probe where key = :key").param("key", key)
                .query(Long.class).single()).isZero();
        // Not run again by event-resubmission in the classes sharing this context.
        jdbc.sql("delete from event_publication where serialized_event like :key").param("key", "%" + key + "%")
                .update();
    }

    @Test
    void aListenerWithoutATransactionHasItsCompletionCommittedByATransactionOfItsOwn() {
        String key = publish(new UnheldProbe(UUID.randomUUID().toString()));

        Map<String, Object> publication = awaitPublication(key, "COMPLETED");

        Map<String, Object> probe = probe(key);
        assertThat(publication.get("completion_date")).isNotNull();
        assertThat(publication.get("written_by")).isNotEqualTo(probe.get("tx"));
        assertThat(probe.get("status_seen")).isEqualTo("PUBLISHED");
    }

    private String publish(Object event) {
        transactions.executeWithoutResult(status -> events.publishEvent(event));
        return event instanceof Probe p ? p.key() : ((UnheldProbe) event).key();
    }

    private Map<String, Object> awaitPublication(String key, String status) {
        await("the publication " + status).atMost(Duration.ofSeconds(20))
                .until(() -> status.equals(publication(key).get("status")));
        return publication(key);
    }

    private Map<String, Object> publication(String key) {
        return jdbc.sql("""
                        select status, completion_date, xmin::text::bigint as written_by from event_publication
                         where serialized_event like :key""")
                .param("key", "%" + key + "%").query().singleRow();
    }

    private Map<String, Object> probe(String key) {
        return jdbc.sql("select tx % 4294967296 as tx, status_seen from completion_probe where key = :key")
                .param("key", key).query().singleRow();
    }

    record Probe(String key, boolean fail) {
    }

    record UnheldProbe(String key) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Probes {

        private final JdbcClient jdbc;

        Probes(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @ApplicationModuleListener
        void on(Probe probe) {
            record(probe.key());
            if (probe.fail()) {
                throw new IllegalStateException("refused on purpose");
            }
        }

        @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
        void on(UnheldProbe probe) {
            record(probe.key());
        }

        // What this listener's publication looked like to others when it began: the committed state, as nothing in
        // this transaction has touched the row yet.
        private void record(String key) {
            jdbc.sql("""
                            insert into completion_probe (key, tx, status_seen)
                            select :key, txid_current(), status from event_publication where serialized_event like :like""")
                    .param("key", key).param("like", "%" + key + "%").update();
        }
    }
}
