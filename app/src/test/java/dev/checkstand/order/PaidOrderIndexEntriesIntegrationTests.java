package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.checkstand.support.Backends;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The index entries V21–V23 take off a paid order's writes, counted where PostgreSQL writes them: in its log
 * ({@code pg_walinspect}), record by record, per index of the table written. Each index they replaced still answers the
 * statements that read through it, checked by their plans.
 */
class PaidOrderIndexEntriesIntegrationTests {

    private static Backends backends;
    private static JdbcClient jdbc;

    @BeforeAll
    static void start() {
        backends = Backends.start("index-entries");
        backends.migrate();
        jdbc = backends.jdbc();
        jdbc.sql("create extension if not exists pg_walinspect").update();
    }

    @AfterAll
    static void stop() {
        backends.close();
    }

    @Test
    void aTimelineEntryWritesOneIndexEntry() {
        UUID order = RawOrders.insertPending(jdbc, "N" + System.nanoTime());

        Map<String, Long> entries = indexEntries("order_timeline", () -> jdbc.sql("""
                insert into order_timeline (order_id, at, type, source, data)
                select :order, now(), 'paid', 'webhook', '{}'::jsonb from generate_series(1, 3)""")
                .param("order", order).update());

        assertThat(entries).containsExactly(Map.entry("order_timeline_pkey", 3L));
    }

    @Test
    void anOrdersTimelineIsReadThroughItsKey() throws SQLException {
        String plan = genericPlan("select at, type, source, data from order_timeline where order_id = $1 order by id",
                "uuid");

        assertThat(plan).containsPattern("Index Scan (using|on) order_timeline_pkey")
                .contains("Index Cond: (order_id = $1)");
    }

    @Test
    void aPublicationWrittenIncompleteWritesNoCompletionDateEntryAndItsCompletionDoes() {
        UUID id = UUID.randomUUID();

        Map<String, Long> written = indexEntries("event_publication", () -> jdbc.sql("""
                insert into event_publication (id, listener_id, event_type, serialized_event, publication_date)
                values (:id, 'listener', 'OrderPaid', '{"order":"%s"}', now())""".formatted(id))
                .param("id", id).update());
        Map<String, Long> completed = indexEntries("event_publication", () -> jdbc.sql("""
                update event_publication set status = 'COMPLETED', completion_date = now() where id = :id""")
                .param("id", id).update());

        assertThat(written).doesNotContainKey("event_publication_by_completion_date_idx")
                .containsKeys("event_publication_pkey", "event_publication_serialized_event_hash_idx");
        assertThat(completed).containsEntry("event_publication_by_completion_date_idx", 1L);
    }

    @Test
    void thePurgeOfCompletedPublicationsStillReadsByCompletionDate() throws SQLException {
        // The statement as EventPublicationRetention runs it, its batch at the default size.
        String plan = genericPlan("""
                delete from event_publication
                 where id in (select id from event_publication
                               where completion_date < $1 order by completion_date limit 10000)""",
                "timestamptz");

        assertThat(plan).contains("event_publication_by_completion_date_idx");
    }

    @Test
    void aPaymentIntentAttemptWritesNoCheckoutSessionEntry() {
        UUID order = RawOrders.insertPending(jdbc, "N" + System.nanoTime());
        UUID attempt = UUID.randomUUID();

        Map<String, Long> inserted = indexEntries("payment_attempts",
                () -> insertAttempt(order, attempt, 1, "payment_intent"));
        Map<String, Long> succeeded = indexEntries("payment_attempts", () -> jdbc.sql("""
                update payment_attempts set status = 'succeeded', payment_intent_id = :pi, updated_at = now()
                 where id = :id""").param("pi", "pi_" + attempt.toString().replace("-", "")).param("id", attempt)
                .update());

        assertThat(inserted).doesNotContainKey("payment_attempts_checkout_session_id_key");
        assertThat(succeeded).doesNotContainKey("payment_attempts_checkout_session_id_key")
                .containsKey("payment_attempts_payment_intent_id_key");
    }

    @Test
    void aCheckoutSessionBelongsToOneAttemptAndIsLookedUpByItsIndex() throws SQLException {
        UUID order = RawOrders.insertPending(jdbc, "N" + System.nanoTime());
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        insertAttempt(order, first, 1, "checkout_session");
        insertAttempt(order, second, 2, "checkout_session");
        String session = "cs_test_" + first.toString().replace("-", "");

        Map<String, Long> entries = indexEntries("payment_attempts", () -> setSession(first, session));

        assertThat(entries).containsEntry("payment_attempts_checkout_session_id_key", 1L);
        assertThatThrownBy(() -> setSession(second, session)).isInstanceOf(DuplicateKeyException.class);
        assertThat(genericPlan("select id from payment_attempts where checkout_session_id = $1", "text"))
                .contains("payment_attempts_checkout_session_id_key");
    }

    private static void insertAttempt(UUID order, UUID attempt, int number, String kind) {
        jdbc.sql("""
                insert into payment_attempts (id, order_id, attempt_no, kind, status, idempotency_key, amount, currency,
                                              created_at, updated_at)
                values (:id, :order, :number, :kind, 'creating', :key, 1200, 'gbp', now(), now())""")
                .param("id", attempt).param("order", order).param("number", number).param("kind", kind)
                .param("key", "key-" + attempt).update();
    }

    private static void setSession(UUID attempt, String session) {
        jdbc.sql("update payment_attempts set checkout_session_id = :session where id = :id")
                .param("session", session).param("id", attempt).update();
    }

    /**
     * The entries {@code writes} added to each index of {@code table}: its insert records in the log, each counted
     * against the index block it changes first, as the benchmark counts them (a vacuum's records are not counted).
     * An index it added nothing to is absent.
     */
    private static Map<String, Long> indexEntries(String table, Runnable writes) {
        String from = lsn();
        writes.run();
        String to = lsn();
        flushedTo(to);
        return jdbc.sql("""
                select c.relname, count(*) as records
                  from pg_get_wal_block_info(cast(:from as pg_lsn), cast(:to as pg_lsn), false) b
                  join pg_class c on c.relfilenode = b.relfilenode
                  join pg_index i on i.indexrelid = c.oid
                 where b.block_id = 0 and b.record_type like 'INSERT%'
                   and i.indrelid = cast(:table as regclass)
                 group by c.relname""")
                .param("from", from).param("to", to).param("table", table)
                .query((rs, n) -> Map.entry(rs.getString("relname"), rs.getLong("records")))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String lsn() {
        return jdbc.sql("select cast(pg_current_wal_insert_lsn() as text)").query(String.class).single();
    }

    /**
     * Waits until PostgreSQL has flushed its log up to {@code lsn}, which pg_walinspect reads no further than: the
     * test database commits without waiting for the flush (its WAL writer does it within moments).
     */
    private static void flushedTo(String lsn) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                        "select pg_current_wal_flush_lsn() >= cast(:lsn as pg_lsn)")
                .param("lsn", lsn).query(Boolean.class).single());
    }

    /** The generic plan of {@code statement} with its {@code $1} of {@code type}, sequential scans off. */
    private static String genericPlan(String statement, String type) throws SQLException {
        // The tables are nearly empty: without this, reading them whole is the cheaper plan for any statement.
        return GenericPlans.of(backends, statement.replace("$1", "cast($1 as " + type + ")"),
                "set enable_seqscan = off");
    }
}
