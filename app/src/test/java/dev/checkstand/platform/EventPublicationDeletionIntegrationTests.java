package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.checkstand.platform.EventPublicationCompletionIntegrationTests.BatchProbe;
import dev.checkstand.platform.EventPublicationCompletionIntegrationTests.Probe;
import dev.checkstand.platform.EventPublicationCompletionIntegrationTests.UnheldProbe;
import dev.checkstand.support.CheckstandIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's own completion mode, {@code delete}: a listener's publication row is deleted when the listener
 * completes, by the listener's own transaction (or its batch's), so the deletion commits with the listener's work or
 * not at all; a listener that fails keeps its row, marked failed, to be run again. A trigger put on the registry for
 * these tests notes the transaction that deleted each row, and the test listeners ({@link
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

    @BeforeEach
    void probes() {
        EventPublicationCompletionIntegrationTests.probeTables(jdbc);
        jdbc.sql("create table if not exists publication_deleted (serialized_event text not null, tx bigint not null)")
                .update();
        jdbc.sql("""
                create or replace function note_publication_deleted() returns trigger language plpgsql as $$
                begin
                    insert into publication_deleted values (old.serialized_event, txid_current());
                    return old;
                end $$""").update();
        jdbc.sql("""
                create trigger note_publication_deleted after delete on event_publication
                   for each row execute function note_publication_deleted()""").update();
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
    void batchedRunsHaveTheirPublicationsDeletedByTheTransactionOfTheirWorkAndAFailedOneKeepsItsOwn() {
        String first = UUID.randomUUID().toString();
        String failing = UUID.randomUUID().toString();
        String last = UUID.randomUUID().toString();

        transactions.executeWithoutResult(status -> {
            events.publishEvent(new BatchProbe(first, false, null));
            events.publishEvent(new BatchProbe(failing, true, null));
            events.publishEvent(new BatchProbe(last, false, null));
        });

        await("the failed run marked").atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(status(failing)));
        await("the others deleted").atMost(Duration.ofSeconds(20))
                .until(() -> deletedBy(first).size() == 1 && deletedBy(last).size() == 1);
        assertThat(deletedBy(first)).containsExactly(probeTx("batch_probe", first));
        assertThat(deletedBy(last)).containsExactly(probeTx("batch_probe", last));
        assertThat(publications(first) + publications(last)).isZero();
        assertThat(deletedBy(failing)).isEmpty();
        assertThat(jdbc.sql("select count(*) from batch_probe where key = :key").param("key", failing)
                .query(Long.class).single()).isZero();
        EventPublicationCompletionIntegrationTests.forget(jdbc, failing);
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
        return jdbc.sql("select tx from publication_deleted where serialized_event like :like")
                .param("like", like(key)).query(Long.class).list();
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
}
