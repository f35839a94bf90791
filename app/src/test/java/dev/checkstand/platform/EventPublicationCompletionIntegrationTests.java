package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.support.CheckstandIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * <p>
 * {@link BatchedModuleListener}s run many to a transaction, each in a savepoint of it ({@link ListenerBatches}). To
 * see one batch, the executor's threads (two, as by default) are held by listeners waiting on a latch while the runs
 * under test queue up, so the thread let go first takes them all at once.
 */
@CheckstandIntegrationTest
@Import(EventPublicationCompletionIntegrationTests.Probes.class)
class EventPublicationCompletionIntegrationTests {

    private static final Map<String, CountDownLatch> HOLDS = new ConcurrentHashMap<>();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    @Qualifier(ListenerBatches.EXECUTOR)
    ListenerBatches.BatchingExecutor batches;

    @BeforeEach
    void table() {
        jdbc.sql("""
                create table if not exists completion_probe (key text primary key, tx bigint not null,
                                                             status_seen text)""").update();
        jdbc.sql("create table if not exists batch_probe (key text primary key, tx bigint not null)").update();
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

    @Test
    void queuedBatchedRunsShareOneTransactionAndOneThatFailsRollsBackAloneAndIsMarkedFailed() {
        CountDownLatch first = hold();
        CountDownLatch second = hold();
        BatchProbe before = new BatchProbe(UUID.randomUUID().toString(), false);
        BatchProbe failing = new BatchProbe(UUID.randomUUID().toString(), true);
        BatchProbe after = new BatchProbe(UUID.randomUUID().toString(), false);
        transactions.executeWithoutResult(status -> List.of(before, failing, after).forEach(events::publishEvent));
        await("the three runs queued").atMost(Duration.ofSeconds(10)).until(() -> batches.waiting() >= 3);

        first.countDown();
        awaitPublication(before.key(), "COMPLETED");
        awaitPublication(after.key(), "COMPLETED");
        awaitPublication(failing.key(), "FAILED");
        second.countDown();

        long tx = batchProbeTx(before.key());
        assertThat(batchProbeTx(after.key())).isEqualTo(tx);
        assertThat(publication(before.key()).get("written_by")).isEqualTo(tx);
        assertThat(publication(after.key()).get("written_by")).isEqualTo(tx);
        assertThat(jdbc.sql("select count(*) from batch_probe where key = :key").param("key", failing.key())
                .query(Long.class).single()).isZero();
        // Not run again by event-resubmission in the classes sharing this context.
        jdbc.sql("delete from event_publication where serialized_event like :key")
                .param("key", "%" + failing.key() + "%").update();
    }

    @Test
    void batchedRunsPublishedFromManyTransactionsAtOnceAreEachCompletedWithTheirWork() throws Exception {
        List<String> keys = IntStream.range(0, 60).mapToObj(i -> UUID.randomUUID().toString()).toList();
        ExecutorService publishers = Executors.newFixedThreadPool(6);
        for (String key : keys) {
            publishers.submit(() -> transactions.executeWithoutResult(
                    status -> events.publishEvent(new BatchProbe(key, false))));
        }
        publishers.shutdown();
        assertThat(publishers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        for (String key : keys) {
            Map<String, Object> publication = awaitPublication(key, "COMPLETED");
            assertThat(publication.get("written_by")).isEqualTo(batchProbeTx(key));
        }
        assertThat(jdbc.sql("select count(*) from batch_probe where key in (:keys)").param("keys", keys)
                .query(Long.class).single()).isEqualTo(keys.size());
    }

    /** Occupies one batch thread until the latch returned is counted down. */
    private CountDownLatch hold() {
        String key = UUID.randomUUID().toString();
        CountDownLatch latch = new CountDownLatch(1);
        HOLDS.put(key, latch);
        transactions.executeWithoutResult(status -> events.publishEvent(new HoldingProbe(key)));
        await("a batch thread held").atMost(Duration.ofSeconds(10)).until(() -> Probes.HELD.contains(key));
        return latch;
    }

    private long batchProbeTx(String key) {
        return jdbc.sql("select tx % 4294967296 from batch_probe where key = :key").param("key", key)
                .query(Long.class).single();
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

    record BatchProbe(String key, boolean fail) {
    }

    record HoldingProbe(String key) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Probes {

        static final Set<String> HELD = ConcurrentHashMap.newKeySet();

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

        @BatchedModuleListener
        void on(BatchProbe probe) {
            jdbc.sql("insert into batch_probe (key, tx) values (:key, txid_current())").param("key", probe.key())
                    .update();
            if (probe.fail()) {
                throw new IllegalStateException("refused on purpose");
            }
        }

        // Holds its batch thread until the test lets it go.
        @BatchedModuleListener
        void on(HoldingProbe probe) throws InterruptedException {
            HELD.add(probe.key());
            HOLDS.get(probe.key()).await(30, TimeUnit.SECONDS);
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
