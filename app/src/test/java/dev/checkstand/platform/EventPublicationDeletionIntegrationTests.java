package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.checkstand.platform.EventPublicationCompletionIntegrationTests.BatchProbe;
import dev.checkstand.platform.EventPublicationCompletionIntegrationTests.BatchRuns;
import dev.checkstand.platform.EventPublicationCompletionIntegrationTests.Probe;
import dev.checkstand.platform.EventPublicationCompletionIntegrationTests.UnheldProbe;
import dev.checkstand.support.CheckstandIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's own completion mode, {@code delete}: a listener's publication row is deleted when the listener
 * completes, by the listener's own transaction (or its batch's), so the deletion commits with the listener's work or
 * not at all; a listener that fails keeps its row, marked failed, to be run again. A trigger put on the registry for
 * these tests notes the transaction and the statement that deleted each row, and the test listeners ({@link
 * EventPublicationCompletionIntegrationTests.Probes}) note their own; {@link EventPublicationCompletionIntegrationTests}
 * runs the same listeners under the {@code update} mode.
 */
@CheckstandIntegrationTest
@Import({EventPublicationCompletionIntegrationTests.Probes.class, EventPublicationCompletionIntegrationTests.Refusing.class})
class EventPublicationDeletionIntegrationTests {

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
    void probes() {
        EventPublicationCompletionIntegrationTests.probeTables(jdbc);
        jdbc.sql("create sequence if not exists publication_deleting_statement").update();
        jdbc.sql("""
                create table if not exists publication_deleted (serialized_event text not null, tx bigint not null,
                                                                statement bigint not null)""").update();
        // Once per deleting statement, with the rows it deleted: which transaction, and which statement of it.
        jdbc.sql("""
                create or replace function note_publication_deleted() returns trigger language plpgsql as $$
                declare
                    deleting bigint := nextval('publication_deleting_statement');
                begin
                    insert into publication_deleted select serialized_event, txid_current(), deleting from gone;
                    return null;
                end $$""").update();
        jdbc.sql("""
                create trigger note_publication_deleted after delete on event_publication
                   referencing old table as gone for each statement execute function note_publication_deleted()""")
                .update();
    }

    @AfterEach
    void noMoreNoting() {
        jdbc.sql("drop trigger note_publication_deleted on event_publication").update();
    }

    @Test
    void aListenersWorkAndTheDeletionOfItsPublicationAreCommittedByOneTransaction() {
        String key = UUID.randomUUID().toString();

        publish(new Probe(key, false));

        await("the publication deleted").atMost(Duration.ofSeconds(20)).until(() -> deletedBy(key).size() == 1);
        assertThat(publications(key)).isZero();
        assertThat(deletedBy(key)).containsExactly(probeTx("completion_probe", key));
        // The listener found its publication there when it began: written by the publisher, deleted by the listener.
        assertThat(jdbc.sql("select status_seen from completion_probe where key = :key").param("key", key)
                .query(String.class).single()).isEqualTo("PUBLISHED");
    }

    @Test
    void aListenerThatFailsLeavesNoWorkAndKeepsItsPublicationMarkedFailed() {
        String key = UUID.randomUUID().toString();

        publish(new Probe(key, true));

        await("the publication marked failed").atMost(Duration.ofSeconds(20))
                .until(() -> "FAILED".equals(status(key)));
        assertThat(deletedBy(key)).isEmpty();
        assertThat(jdbc.sql("select count(*) from completion_probe where key = :key").param("key", key)
                .query(Long.class).single()).isZero();
        EventPublicationCompletionIntegrationTests.forget(jdbc, key);
    }

    @Test
    void aListenerWithoutATransactionHasItsPublicationDeletedByATransactionOfItsOwn() {
        String key = UUID.randomUUID().toString();

        publish(new UnheldProbe(key));

        await("the publication deleted").atMost(Duration.ofSeconds(20)).until(() -> deletedBy(key).size() == 1);
        assertThat(publications(key)).isZero();
        assertThat(deletedBy(key).get(0)).isNotEqualTo(probeTx("completion_probe", key));
    }

    @Test
    void runsOfOneBatchHaveTheirPublicationsDeletedByOneStatementOfTheBatchsTransaction() {
        List<BatchProbe> probes = IntStream.range(0, 3)
                .mapToObj(i -> new BatchProbe(UUID.randomUUID().toString(), false, null)).toList();

        CountDownLatch second = batchRuns().runAsOneBatch(probes.toArray());
        try {
            await("the publications deleted").atMost(Duration.ofSeconds(20))
                    .until(() -> probes.stream().allMatch(probe -> deletions(probe.key()).size() == 1));
        } finally {
            second.countDown();
        }

        long tx = probeTx("batch_probe", probes.get(0).key());
        // The paid order's path: a batch that all succeeds completes its runs together, just before it commits.
        assertThat(probes).allSatisfy(probe -> {
            assertThat(probeTx("batch_probe", probe.key())).isEqualTo(tx);
            assertThat(deletedBy(probe.key())).containsExactly(tx);
            assertThat(publications(probe.key())).isZero();
        });
        assertThat(probes.stream().map(probe -> deletions(probe.key()).get(0).statement()).distinct()).hasSize(1);
    }

    @Test
    void batchedRunsHaveTheirPublicationsDeletedByTheTransactionOfTheirWorkAndAFailedOneKeepsItsOwn() {
        BatchProbe first = new BatchProbe(UUID.randomUUID().toString(), false, null);
        BatchProbe failing = new BatchProbe(UUID.randomUUID().toString(), true, null);
        BatchProbe last = new BatchProbe(UUID.randomUUID().toString(), false, null);

        CountDownLatch second = batchRuns().runAsOneBatch(first, failing, last);
        try {
            await("the failed run marked").atMost(Duration.ofSeconds(20))
                    .until(() -> "FAILED".equals(status(failing.key())));
            await("the others deleted").atMost(Duration.ofSeconds(20))
                    .until(() -> deletedBy(first.key()).size() == 1 && deletedBy(last.key()).size() == 1);
        } finally {
            second.countDown();
        }

        // Rolled back together for the failure, then run again in one transaction, which deleted the publications of
        // the two that succeeded and kept the failed one's.
        long tx = probeTx("batch_probe", first.key());
        assertThat(probeTx("batch_probe", last.key())).isEqualTo(tx);
        assertThat(deletedBy(first.key())).containsExactly(tx);
        assertThat(deletedBy(last.key())).containsExactly(tx);
        assertThat(publications(first.key()) + publications(last.key())).isZero();
        assertThat(deletedBy(failing.key())).isEmpty();
        assertThat(jdbc.sql("select count(*) from batch_probe where key = :key").param("key", failing.key())
                .query(Long.class).single()).isZero();
        EventPublicationCompletionIntegrationTests.forget(jdbc, failing.key());
    }

    @Test
    void theArchiveModeIsRefusedForItsTableIsNotMade() {
        MockEnvironment archive = EventPublicationRetentionIntegrationTests.settings(
                "spring.modulith.events.completion-mode", "archive");

        assertThatThrownBy(() -> new EventPublicationCompletion.CompletingInListenerTransaction(null, null, null,
                archive, jdbc, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("archive is not supported");
    }

    private void publish(Object event) {
        transactions.executeWithoutResult(status -> events.publishEvent(event));
    }

    private List<Long> deletedBy(String key) {
        return deletions(key).stream().map(Deletion::tx).toList();
    }

    private List<Deletion> deletions(String key) {
        return jdbc.sql("select tx, statement from publication_deleted where serialized_event like :like")
                .param("like", like(key)).query(Deletion.class).list();
    }

    private BatchRuns batchRuns() {
        return new BatchRuns(transactions, events, batches);
    }

    private long probeTx(String table, String key) {
        return jdbc.sql("select tx from " + table + " where key = :key").param("key", key).query(Long.class).single();
    }

    private long publications(String key) {
        return jdbc.sql("select count(*) from event_publication where serialized_event like :like")
                .param("like", like(key)).query(Long.class).single();
    }

    private String status(String key) {
        return jdbc.sql("select status from event_publication where serialized_event like :like")
                .param("like", like(key)).query(String.class).optional().orElse(null);
    }

    private static String like(String key) {
        return "%\"key\":\"" + key + "\"%";
    }

    // A publication row's deletion: by which transaction, and by which statement.
    record Deletion(long tx, long statement) {
    }
}
