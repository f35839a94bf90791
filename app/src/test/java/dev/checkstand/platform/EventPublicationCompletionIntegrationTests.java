package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.catalog.Catalog;
import dev.checkstand.catalog.Product;
import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.OrderPaid;
import dev.checkstand.order.Source;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.PendingOrders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A listener's publication is completed in the listener's own transaction, and no {@code PROCESSING} mark is
 * written before it runs ({@link EventPublicationCompletion}). Test listeners write a row stamped with their
 * transaction's id and with the state their publication had, as another transaction saw it, when they began; a
 * publication row's {@code xmin} is the transaction that last wrote it — its completion.
 * <p>
 * {@link BatchedModuleListener}s run many to a transaction, each in a savepoint of it ({@link ListenerBatches}). To
 * see one batch, the executor's threads (two, as by default) are held by listeners waiting on a latch while the runs
 * under test queue up, so the thread let go first takes them all at once. The completions of a batch's runs are
 * written together at its end, and its runs share an order's details ({@link BatchReads}), kept as the batch last
 * read or wrote the order.
 * <p>
 * These tests read completed publications, so they run under Spring Modulith's {@code update} completion mode, which
 * keeps them; the service's own mode, {@code delete}, differs only in the statement that completes, and
 * {@link EventPublicationDeletionIntegrationTests} shows it commits with the listener's work the same way.
 */
@CheckstandIntegrationTest
@TestPropertySource(properties = "spring.modulith.events.completion-mode=update")
@Import({EventPublicationCompletionIntegrationTests.Probes.class, EventPublicationCompletionIntegrationTests.Refusing.class})
class EventPublicationCompletionIntegrationTests {

    private static final Map<String, CountDownLatch> HOLDS = new ConcurrentHashMap<>();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IncompleteEventPublications incomplete;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    OrderManagement orders;

    @Autowired
    Inventory inventory;

    @Autowired
    Catalog catalog;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    @Qualifier(ListenerBatches.EXECUTOR)
    ListenerBatches.BatchingExecutor batches;

    @BeforeEach
    void table() {
        probeTables(jdbc);
        jdbc.sql("create table if not exists put_off_probe (key text primary key)").update();
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
    void aTransactionsPublicationsAreWrittenJustBeforeItCommitsAsModulithWritesThem() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        long seenInside = transactions.execute(status -> {
            events.publishEvent(new Probe(first, false));
            events.publishEvent(new Probe(second, false));
            return jdbc.sql("""
                            select count(*) from event_publication
                             where serialized_event like :a or serialized_event like :b""")
                    .param("a", "%" + first + "%").param("b", "%" + second + "%").query(Long.class).single();
        });

        assertThat(seenInside).isZero();
        for (String key : List.of(first, second)) {
            awaitPublication(key, "COMPLETED");
            Map<String, Object> row = jdbc.sql("""
                            select event_type, listener_id, completion_attempts,
                                   last_resubmission_date = publication_date as resubmission_date_is_publication_date
                              from event_publication where serialized_event like :key""")
                    .param("key", "%" + key + "%").query().singleRow();
            assertThat(row.get("event_type")).isEqualTo(Probe.class.getName());
            assertThat((String) row.get("listener_id")).contains("Probes.on(" + Probe.class.getName() + ")");
            assertThat(row.get("completion_attempts")).isEqualTo(1);
            assertThat(row.get("resubmission_date_is_publication_date")).isEqualTo(true);
        }
    }

    @Test
    void aTimelineEntryFirstAppendedByACallbackBeforeTheCommitIsStillWritten() {
        Order order = new PendingOrders(transactions, orders, inventory).mugs(Catalogs.mug(jdbc), 1);
        String key = UUID.randomUUID().toString();

        transactions.executeWithoutResult(status -> TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        orders.note(order.id(), "probe_noted", Source.SYSTEM, Map.of("key", key));
                    }
                }));

        assertThat(jdbc.sql("""
                        select count(*) from order_timeline where order_id = :order and type = 'probe_noted'
                           and data ->> 'key' = :key""")
                .param("order", order.id().value()).param("key", key).query(Long.class).single()).isOne();
    }

    @Test
    void aPublicationFirstStoredByACallbackBeforeTheCommitIsStillWrittenAndItsListenerRun() {
        String key = UUID.randomUUID().toString();

        transactions.executeWithoutResult(status -> TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        events.publishEvent(new Probe(key, false));
                    }
                }));

        awaitPublication(key, "COMPLETED");
        assertThat(probe(key).get("status_seen")).isEqualTo("PUBLISHED");
    }

    @Test
    void anInnerTransactionOfItsOwnWritesItsPublicationsWithItsOwnCommit() {
        String outer = UUID.randomUUID().toString();
        String inner = UUID.randomUUID().toString();
        TransactionTemplate own = new TransactionTemplate(transactionManager);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        transactions.executeWithoutResult(status -> {
            events.publishEvent(new Probe(outer, false));
            own.executeWithoutResult(innerStatus -> events.publishEvent(new Probe(inner, false)));
            status.setRollbackOnly();
        });

        awaitPublication(inner, "COMPLETED");
        assertThat(jdbc.sql("select count(*) from event_publication where serialized_event like :key")
                .param("key", "%" + outer + "%").query(Long.class).single()).isZero();
    }

    @Test
    void aTransactionRolledBackWritesNoPublication() {
        String key = UUID.randomUUID().toString();

        transactions.executeWithoutResult(status -> {
            events.publishEvent(new Probe(key, false));
            status.setRollbackOnly();
        });

        assertThat(jdbc.sql("select count(*) from event_publication where serialized_event like :key")
                .param("key", "%" + key + "%").query(Long.class).single()).isZero();
    }

    @Test
    void aListenerThatFailsLeavesNoWorkAndItsPublicationMarkedFailedNotCompleted() {
        String key = publish(new Probe(UUID.randomUUID().toString(), true));

        Map<String, Object> publication = awaitPublication(key, "FAILED");

        assertThat(publication.get("completion_date")).isNull();
        assertThat(jdbc.sql("select count(*) from completion_probe where key = :key").param("key", key)
                .query(Long.class).single()).isZero();
        forget(key);
    }

    @Test
    void aResubmissionThatNeverCompletedIsRunAgainOnceItIsStaleAndAYoungerOneIsLeftToItsRun() {
        String done = publish(new Probe(UUID.randomUUID().toString(), false));
        awaitPublication(done, "COMPLETED");
        // As a resubmission leaves a publication when its instance dies before the run completes (or its batch does
        // not commit): a copy of a real one, in RESUBMITTED, published a minute ago.
        String stale = resubmittedCopyOf(done, Duration.ofMinutes(1));
        String young = resubmittedCopyOf(done, Duration.ofSeconds(1));

        incomplete.resubmitIncompletePublicationsOlderThan(Duration.ofSeconds(15));

        awaitPublication(stale, "COMPLETED");
        assertThat(attempts(stale)).isEqualTo(3);
        assertThat(publication(young).get("status")).isEqualTo("RESUBMITTED");
        assertThat(attempts(young)).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from completion_probe where key = :key").param("key", young)
                .query(Long.class).single()).isZero();
        forget(young);
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
        BatchProbe before = new BatchProbe(UUID.randomUUID().toString(), false, null);
        BatchProbe failing = new BatchProbe(UUID.randomUUID().toString(), true, null);
        // Looks, in the batch's transaction, at the publication of the run before it, which has returned by then.
        BatchProbe after = new BatchProbe(UUID.randomUUID().toString(), false, before.key());
        CountDownLatch second = runAsOneBatch(before, failing, after);
        awaitPublication(before.key(), "COMPLETED");
        awaitPublication(after.key(), "COMPLETED");
        awaitPublication(failing.key(), "FAILED");
        second.countDown();

        long tx = batchProbeTx(before.key());
        assertThat(batchProbeTx(after.key())).isEqualTo(tx);
        // Run together first, the batch rolled back for the failure, and ran again each in a savepoint.
        assertThat(writtenInSavepoint(before.key())).isTrue();
        assertThat(writtenInSavepoint(after.key())).isTrue();
        assertThat(publication(before.key()).get("written_by")).isEqualTo(tx);
        assertThat(publication(after.key()).get("written_by")).isEqualTo(tx);
        // Its completion was not written when the run returned: the batch writes them all just before it commits.
        assertThat(jdbc.sql("select watched_status from batch_probe where key = :key").param("key", after.key())
                .query(String.class).single()).isEqualTo("PUBLISHED");
        assertThat(jdbc.sql("select count(*) from batch_probe where key = :key").param("key", failing.key())
                .query(Long.class).single()).isZero();
        forget(failing.key());
    }

    @Test
    void timelineEntriesOfABatchAreWrittenTogetherAndAFailedRunsEntryGoesWithItsSavepoint() {
        Order order = new PendingOrders(transactions, orders, inventory).mugs(Catalogs.mug(jdbc), 1);
        NotingProbe first = new NotingProbe(UUID.randomUUID().toString(), order.id().value(), false);
        NotingProbe second = new NotingProbe(UUID.randomUUID().toString(), order.id().value(), false);
        CountDownLatch held = runAsOneBatch(first, second);
        awaitPublication(first.key(), "COMPLETED");
        awaitPublication(second.key(), "COMPLETED");
        // Together, both entries were gathered and written by one statement just before the commit: one command id.
        assertThat(noteWrittenBy(first.key())).isEqualTo(noteWrittenBy(second.key()));
        held.countDown();

        NotingProbe before = new NotingProbe(UUID.randomUUID().toString(), order.id().value(), false);
        NotingProbe failing = new NotingProbe(UUID.randomUUID().toString(), order.id().value(), true);
        NotingProbe after = new NotingProbe(UUID.randomUUID().toString(), order.id().value(), false);
        CountDownLatch again = runAsOneBatch(before, failing, after);
        awaitPublication(before.key(), "COMPLETED");
        awaitPublication(after.key(), "COMPLETED");
        awaitPublication(failing.key(), "FAILED");
        again.countDown();

        // Rerun each in a savepoint: the failed run's entry rolled back with it, the others' written, in run order.
        assertThat(jdbc.sql("""
                        select data ->> 'key' from order_timeline where order_id = :order and type = 'probe_noted'
                         order by id""")
                .param("order", order.id().value()).query(String.class).list())
                .containsExactly(first.key(), second.key(), before.key(), after.key());
        forget(failing.key());
    }

    @Test
    void aBatchWhoseCommitFailsRunsAgainEachInASavepointAndOnlyTheRunWhosePutOffWriteFailsIsFailed() {
        PuttingOffProbe before = new PuttingOffProbe(UUID.randomUUID().toString(), false);
        PuttingOffProbe refused = new PuttingOffProbe(UUID.randomUUID().toString(), true);
        PuttingOffProbe after = new PuttingOffProbe(UUID.randomUUID().toString(), false);
        CountDownLatch second = runAsOneBatch(before, refused, after);
        try {
            awaitPublication(before.key(), "COMPLETED");
            awaitPublication(after.key(), "COMPLETED");
            awaitPublication(refused.key(), "FAILED");
        } finally {
            second.countDown();
        }

        // Together, every run returned and the refused write failed the commit; then each ran again in a savepoint of
        // one transaction, writing at once, and only the refused run rolled back.
        assertThat(writtenInSavepoint(before.key())).isTrue();
        assertThat(writtenInSavepoint(after.key())).isTrue();
        assertThat(batchProbeTx(after.key())).isEqualTo(batchProbeTx(before.key()));
        assertThat(jdbc.sql("select key from put_off_probe where key in (:keys) order by key")
                .param("keys", List.of(before.key(), refused.key(), after.key())).query(String.class).list())
                .containsExactlyInAnyOrder(before.key(), after.key());
        assertThat(jdbc.sql("select count(*) from batch_probe where key = :key").param("key", refused.key())
                .query(Long.class).single()).isZero();
        forget(refused.key());
    }

    @Test
    void aBatchThatCommittedIsNotRunAgainWhenWorkAfterItsCommitFails() throws Exception {
        String key = UUID.randomUUID().toString();
        CountDownLatch second = runAsOneBatch(new AfterCommitFailingProbe(key));
        try {
            awaitPublication(key, "COMPLETED");
            // The thread that ran the batch takes this only once it is done with the batch, a rerun included.
            inABatch(() -> null).get(20, TimeUnit.SECONDS);
        } finally {
            second.countDown();
        }
        assertThat(Probes.RUNS.get(key)).isEqualTo(1);
        assertThat(writtenInSavepoint(key)).isFalse();
    }

    @Test
    void theConfirmationEmailsOfABatchAreWrittenByOneStatementAndAFactAnnouncedTwiceInItHasOne() {
        PendingOrders pending = new PendingOrders(transactions, orders, inventory);
        Order a = pending.mugs(Catalogs.mug(jdbc), 1);
        Order b = pending.mugs(Catalogs.mug(jdbc), 1);
        Money total = PendingOrders.MUG_PRICE.plus(PendingOrders.SHIPPING);
        CountDownLatch first = hold();
        CountDownLatch second = hold();
        for (Order order : List.of(a, b)) {
            transactions.executeWithoutResult(status -> orders.applyPayment(order.id(), total, Source.WEBHOOK,
                    Map.of()));
        }
        transactions.executeWithoutResult(status -> events.publishEvent(new OrderPaid(a.id(), total)));
        await("the runs queued").atMost(Duration.ofSeconds(10)).until(() -> batches.waiting() >= 3);
        first.countDown();
        List<UUID> both = List.of(a.id().value(), b.id().value());
        try {
            await("both confirmations written").atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                            select count(distinct order_id) from notifications where order_id in (:orders)""")
                    .param("orders", both).query(Long.class).single() == 2);
        } finally {
            second.countDown();
        }

        // One row each (the second announcement of a's payment wrote nothing), both by one statement: one command id.
        List<String> writtenBy = jdbc.sql("""
                        select xmin::text || '/' || cmin::text from notifications
                         where order_id in (:orders) and kind = 'order_confirmation'""")
                .param("orders", both).query(String.class).list();
        assertThat(writtenBy).hasSize(2);
        assertThat(writtenBy.get(0)).isEqualTo(writtenBy.get(1));
    }

    @Test
    void aRunThatSwallowsTheFailureOfATransactionItJoinedFailsItsBatchNotTheOthersRuns() {
        BatchProbe innocent = new BatchProbe(UUID.randomUUID().toString(), false, null);
        SwallowingProbe swallowing = new SwallowingProbe(UUID.randomUUID().toString());
        CountDownLatch second = runAsOneBatch(innocent, swallowing);
        awaitPublication(innocent.key(), "COMPLETED");
        // Its caught failure left the batch's transaction rollback-only: marked failed, as a thrown one is.
        awaitPublication(swallowing.key(), "FAILED");
        second.countDown();

        // Through the batch's own rerun in savepoints, not a later resubmission of a batch that never committed.
        assertThat(writtenInSavepoint(innocent.key())).isTrue();
        assertThat(jdbc.sql("select count(*) from batch_probe where key = :key").param("key", swallowing.key())
                .query(Long.class).single()).isZero();
        forget(swallowing.key());
    }

    @Test
    void aRunThatCatchesAnSqlErrorIsMarkedFailedAndTheRunsAroundItInItsBatchComplete() {
        BatchProbe before = new BatchProbe(UUID.randomUUID().toString(), false, null);
        AbortingProbe aborting = new AbortingProbe(UUID.randomUUID().toString());
        BatchProbe after = new BatchProbe(UUID.randomUUID().toString(), false, null);
        AbortingProbe last = new AbortingProbe(UUID.randomUUID().toString());
        CountDownLatch second = runAsOneBatch(before, aborting, after, last);
        awaitPublication(before.key(), "COMPLETED");
        awaitPublication(after.key(), "COMPLETED");
        // PostgreSQL refuses every statement after the caught error until its savepoint is rolled back.
        awaitPublication(aborting.key(), "FAILED");
        awaitPublication(last.key(), "FAILED");
        second.countDown();

        assertThat(writtenInSavepoint(before.key())).isTrue();
        assertThat(writtenInSavepoint(after.key())).isTrue();
        assertThat(jdbc.sql("select count(*) from batch_probe where key in (:keys)")
                .param("keys", List.of(aborting.key(), last.key())).query(Long.class).single()).isZero();
        forget(aborting.key(), last.key());
    }

    @Test
    void aRunThatThrowsAnErrorIsMarkedFailedAndItsBatchThreadLivesOn() throws Exception {
        long threads = batchThreads();
        ErrorProbe erroring = new ErrorProbe(UUID.randomUUID().toString());
        BatchProbe after = new BatchProbe(UUID.randomUUID().toString(), false, null);

        transactions.executeWithoutResult(status -> events.publishEvent(erroring));
        awaitPublication(erroring.key(), "FAILED");
        for (int i = 0; i < threads; i++) {
            // As many runs as threads, one after another: each thread must still be there to take one.
            BatchProbe next = i == 0 ? after : new BatchProbe(UUID.randomUUID().toString(), false, null);
            transactions.executeWithoutResult(status -> events.publishEvent(next));
            awaitPublication(next.key(), "COMPLETED");
        }

        assertThat(batchThreads()).isEqualTo(threads);
        forget(erroring.key());
    }

    private CountDownLatch runAsOneBatch(Object... published) {
        return batchRuns().runAsOneBatch(published);
    }

    private static long batchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("listener-batch-") && thread.isAlive()).count();
    }

    @Test
    void batchedRunsPublishedFromManyTransactionsAtOnceAreEachCompletedWithTheirWork() throws Exception {
        List<String> keys = IntStream.range(0, 60).mapToObj(i -> UUID.randomUUID().toString()).toList();
        ExecutorService publishers = Executors.newFixedThreadPool(6);
        for (String key : keys) {
            publishers.submit(() -> transactions.executeWithoutResult(
                    status -> events.publishEvent(new BatchProbe(key, false, null))));
        }
        publishers.shutdown();
        assertThat(publishers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        for (String key : keys) {
            Map<String, Object> publication = awaitPublication(key, "COMPLETED");
            assertThat(publication.get("written_by")).isEqualTo(batchProbeTx(key));
            // None failed, so none paid for a savepoint: the row is the batch's transaction's own.
            assertThat(writtenInSavepoint(key)).isFalse();
        }
        assertThat(jdbc.sql("select count(*) from batch_probe where key in (:keys)").param("keys", keys)
                .query(Long.class).single()).isEqualTo(keys.size());
    }

    @Test
    void runsOfOneBatchShareAnOrdersDetailsAndSeeWhatTheBatchChangedInIt() throws Exception {
        Order order = new PendingOrders(transactions, orders, inventory).mugs(Catalogs.mug(jdbc), 1);
        List<OrderDetails> details = inABatch(() -> {
            OrderDetails first = orders.detailsWithoutTimeline(order.id());
            OrderDetails again = orders.detailsWithoutTimeline(order.id());
            orders.flag(order.id(), "batch_read_probe", Source.ADMIN, Map.of());
            return List.of(first, again, orders.detailsWithoutTimeline(order.id()));
        }).get(20, TimeUnit.SECONDS);
        assertThat(details.get(1)).isSameAs(details.get(0));
        assertThat(details.get(0).order().attentionReasons()).doesNotContain("batch_read_probe");
        assertThat(details.get(2).order().attentionReasons()).contains("batch_read_probe");
        // The change came to the batch with the row written, not by reading the order and its items again.
        assertThat(details.get(2).items()).isSameAs(details.get(0).items());
        // Outside a batch every call reads.
        assertThat(orders.detailsWithoutTimeline(order.id())).isNotSameAs(orders.detailsWithoutTimeline(order.id()));
    }

    @Test
    void runsOfOneBatchReadEachProductOnce() throws Exception {
        ProductId mug = ProductId.of(Catalogs.mug(jdbc));
        List<Product> products = inABatch(() -> List.of(catalog.products(List.of(mug)).get(mug),
                catalog.products(List.of(mug)).get(mug))).get(20, TimeUnit.SECONDS);
        assertThat(products.get(0).id()).isEqualTo(mug);
        assertThat(products.get(1)).isSameAs(products.get(0));
        // Outside a batch every call reads.
        assertThat(catalog.products(List.of(mug)).get(mug)).isNotSameAs(catalog.products(List.of(mug)).get(mug));
    }

    @Test
    void aBatchChangesTheOrderItKeepsWithoutLosingWhatAnotherTransactionChangedInItMeanwhile() throws Exception {
        Order order = new PendingOrders(transactions, orders, inventory).mugs(Catalogs.mug(jdbc), 1);
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch changed = new CountDownLatch(1);
        CompletableFuture<Void> done = inABatch(() -> {
            orders.detailsWithoutTimeline(order.id());
            read.countDown();
            assertThat(changed.await(10, TimeUnit.SECONDS)).isTrue();
            // The order as the batch keeps it is one version behind by now.
            orders.recordFulfillment(order.id(), "queued", "fulfillment_queued", Source.SYSTEM, Map.of());
            return null;
        });
        assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
        transactions.executeWithoutResult(status -> orders.flag(order.id(), "changed_meanwhile", Source.ADMIN,
                Map.of()));
        changed.countDown();
        done.get(20, TimeUnit.SECONDS);

        // Once the batch has committed.
        await("the batch committed").atMost(Duration.ofSeconds(10))
                .until(() -> "queued".equals(orders.find(order.id()).orElseThrow().fulfillmentStatus()));
        assertThat(orders.find(order.id()).orElseThrow().attentionReasons()).contains("changed_meanwhile");
    }

    @Test
    void aBatchsPreparersSeeAllItsEventsInItsTransactionBeforeItsFirstRun() {
        PreparedProbe first = new PreparedProbe(UUID.randomUUID().toString(), false);
        PreparedProbe second = new PreparedProbe(UUID.randomUUID().toString(), false);
        PreparedProbe third = new PreparedProbe(UUID.randomUUID().toString(), false);
        runToCompletionAsOneBatch(first, second, third);

        long tx = batchProbeTx(first.key());
        for (PreparedProbe probe : List.of(first, second, third)) {
            // Each run found its event prepared for when it began, and ran together with the others.
            assertThat(jdbc.sql("select watched_status from batch_probe where key = :key").param("key", probe.key())
                    .query(String.class).single()).isEqualTo("prepared");
            assertThat(batchProbeTx(probe.key())).isEqualTo(tx);
            assertThat(writtenInSavepoint(probe.key())).isFalse();
            // Told once, of all three, in the batch's transaction.
            assertThat(Probes.PREPARED.get(probe.key()))
                    .isEqualTo(new Prepared(List.of(first.key(), second.key(), third.key()), tx));
        }
    }

    @Test
    void aPreparerThatFailsFailsItsBatchWhoseRunsGoAgainEachInASavepointAndComplete() {
        PreparedProbe before = new PreparedProbe(UUID.randomUUID().toString(), false);
        PreparedProbe refused = new PreparedProbe(UUID.randomUUID().toString(), true);
        PreparedProbe after = new PreparedProbe(UUID.randomUUID().toString(), false);
        runToCompletionAsOneBatch(before, refused, after);

        long tx = batchProbeTx(before.key());
        for (PreparedProbe probe : List.of(before, refused, after)) {
            assertThat(batchProbeTx(probe.key())).isEqualTo(tx);
            assertThat(writtenInSavepoint(probe.key())).isTrue();
            // Prepared for in the transaction that rolled back, not in the one the runs committed in.
            assertThat(Probes.PREPARED.get(probe.key()).tx()).isNotEqualTo(tx);
        }
    }

    @Test
    void aBatchOfPaidOrdersReadsTheirOrdersAheadAndWritesTheirFulfillmentsAndOrdersByOneStatementEach() {
        // No provider variant: each fulfillment is blocked, and no worker changes it afterwards.
        UUID plain = Catalogs.product(jdbc, 1000, 5, null);
        PendingOrders pending = new PendingOrders(transactions, orders, inventory);
        Order a = pending.mugs(plain, 1);
        Order b = pending.mugs(plain, 1);
        List<UUID> both = List.of(a.id().value(), b.id().value());
        Money total = PendingOrders.MUG_PRICE.plus(PendingOrders.SHIPPING);
        CountDownLatch first = hold();
        CountDownLatch second = hold();
        // Queued ahead of the payments' runs: the first run of the batch changes both orders' address.
        transactions.executeWithoutResult(status -> events.publishEvent(new ReaddressingProbe(
                UUID.randomUUID().toString(), both)));
        for (Order order : List.of(a, b)) {
            transactions.executeWithoutResult(status -> orders.applyPayment(order.id(), total, Source.WEBHOOK,
                    Map.of()));
        }
        await("the runs queued").atMost(Duration.ofSeconds(10)).until(() -> batches.waiting() >= 5);
        first.countDown();
        try {
            await("both fulfillments started").atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                            select count(*) from orders where id in (:orders) and fulfillment_status = 'blocked'""")
                    .param("orders", both).query(Long.class).single() == 2);
        } finally {
            second.countDown();
        }

        // Read ahead, before the batch's first run changed them: the emails went to the addresses the orders had.
        assertThat(jdbc.sql("select \"to\" from notifications where order_id in (:orders)").param("orders", both)
                .query(String.class).list()).containsExactly("alice@example.com", "alice@example.com");
        assertThat(jdbc.sql("select distinct email from orders where id in (:orders)").param("orders", both)
                .query(String.class).list()).containsExactly("readdressed@example.com");
        // Both fulfillments by one statement, both orders' changes by one statement, in the emails' transaction.
        List<String> fulfillments = writtenBy("fulfillments", "order_id", both);
        List<String> changed = writtenBy("orders", "id", both);
        assertThat(fulfillments).hasSize(2).containsOnly(fulfillments.get(0));
        assertThat(changed).hasSize(2).containsOnly(changed.get(0));
        String tx = fulfillments.get(0).split("/")[0];
        assertThat(changed.get(0)).startsWith(tx + "/");
        assertThat(writtenBy("notifications", "order_id", both)).allMatch(command -> command.startsWith(tx + "/"));
    }

    @Test
    void aPaidOrderWhoseFulfillmentIsThereFailsItsBatchsCommitAndItsRunGoesAgainFindingItThere() {
        UUID plain = Catalogs.product(jdbc, 1000, 5, null);
        PendingOrders pending = new PendingOrders(transactions, orders, inventory);
        Order started = pending.mugs(plain, 1);
        Order other = pending.mugs(plain, 1);
        jdbc.sql("""
                insert into fulfillments (order_id, provider, external_id, status, blocked_products, created_at,
                                          updated_at)
                values (:order, 'printful', 'there-before', 'canceled', '{}', now(), now())""")
                .param("order", started.id().value()).update();
        Money total = PendingOrders.MUG_PRICE.plus(PendingOrders.SHIPPING);
        CountDownLatch first = hold();
        CountDownLatch second = hold();
        for (Order order : List.of(started, other)) {
            transactions.executeWithoutResult(status -> orders.applyPayment(order.id(), total, Source.WEBHOOK,
                    Map.of()));
        }
        await("the runs queued").atMost(Duration.ofSeconds(10)).until(() -> batches.waiting() >= 4);
        first.countDown();
        try {
            for (Order order : List.of(started, other)) {
                await("the fulfillment run completed").atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                                select count(*) from event_publication
                                 where serialized_event like :order and listener_id like '%FulfillmentTriggers%'
                                   and status = 'COMPLETED'""")
                        .param("order", "%" + order.id().value() + "%").query(Long.class).single() == 1);
            }
        } finally {
            second.countDown();
        }

        // The put-off insert found the order's fulfillment there: the batch ran again, and its run, told so, changed
        // nothing of the order; the other order's fulfillment started.
        assertThat(jdbc.sql("select external_id from fulfillments where order_id = :order")
                .param("order", started.id().value()).query(String.class).single()).isEqualTo("there-before");
        assertThat(orders.find(started.id()).orElseThrow().fulfillmentStatus()).isEqualTo("unfulfilled");
        assertThat(jdbc.sql("""
                        select count(*) from order_timeline where order_id = :order and type like 'fulfillment%'""")
                .param("order", started.id().value()).query(Long.class).single()).isZero();
        assertThat(orders.find(other.id()).orElseThrow().fulfillmentStatus()).isEqualTo("blocked");
        assertThat(jdbc.sql("select count(*) from notifications where order_id in (:orders)")
                .param("orders", List.of(started.id().value(), other.id().value())).query(Long.class).single())
                .isEqualTo(2);
    }

    // Runs the probes as one batch and waits until each one's publication is completed.
    private void runToCompletionAsOneBatch(PreparedProbe... probes) {
        CountDownLatch held = runAsOneBatch((Object[]) probes);
        try {
            for (PreparedProbe probe : probes) {
                awaitPublication(probe.key(), "COMPLETED");
            }
        } finally {
            held.countDown();
        }
    }

    // The transaction and command that last wrote each of the rows.
    private List<String> writtenBy(String table, String column, List<UUID> ids) {
        return jdbc.sql("select xmin::text || '/' || cmin::text from " + table + " where " + column + " in (:ids)")
                .param("ids", ids).query(String.class).list();
    }

    // A publication left incomplete on purpose, removed so that event-resubmission does not run it again in the
    // classes sharing this context.
    private void forget(String... keys) {
        forget(jdbc, keys);
    }

    static void forget(JdbcClient jdbc, String... keys) {
        for (String key : keys) {
            jdbc.sql("delete from event_publication where serialized_event like :key").param("key", "%" + key + "%")
                    .update();
        }
    }

    /** What {@code work} returns, run as a task of the listener batches (in a batch's transaction, on its thread). */
    private <T> CompletableFuture<T> inABatch(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        batches.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private CountDownLatch hold() {
        return batchRuns().hold();
    }

    private BatchRuns batchRuns() {
        return new BatchRuns(transactions, events, batches);
    }

    /** Runs of batched listeners made to share one batch: the listener batches' threads held, then let go. */
    record BatchRuns(TransactionTemplate transactions, ApplicationEventPublisher events,
            ListenerBatches.BatchingExecutor batches) {

        /**
         * Holds both batch threads, publishes the events from one transaction and waits until their runs queue
         * behind, then lets the first thread go, which takes them all as one batch. Returns the hold on the second
         * thread.
         */
        CountDownLatch runAsOneBatch(Object... published) {
            CountDownLatch first = hold();
            CountDownLatch second = null;
            try {
                second = hold();
                transactions.executeWithoutResult(status -> List.of(published).forEach(events::publishEvent));
                await("the runs queued").atMost(Duration.ofSeconds(10))
                        .until(() -> batches.waiting() >= published.length);
                return second;
            } catch (RuntimeException | Error e) {
                // Both threads let go, or every later test of the context would wait for a thread held 30 s.
                if (second != null) {
                    second.countDown();
                }
                throw e;
            } finally {
                first.countDown();
            }
        }

        /** Occupies one batch thread until the latch returned is counted down. */
        CountDownLatch hold() {
            String key = UUID.randomUUID().toString();
            CountDownLatch latch = new CountDownLatch(1);
            HOLDS.put(key, latch);
            transactions.executeWithoutResult(status -> events.publishEvent(new HoldingProbe(key)));
            await("a batch thread held").atMost(Duration.ofSeconds(10)).until(() -> Probes.HELD.contains(key));
            return latch;
        }
    }

    // The transaction and command that wrote a probe's timeline entry.
    private String noteWrittenBy(String key) {
        return jdbc.sql("""
                        select xmin::text || '/' || cmin::text from order_timeline
                         where type = 'probe_noted' and data ->> 'key' = :key""")
                .param("key", key).query(String.class).single();
    }

    private long batchProbeTx(String key) {
        return jdbc.sql("select tx % 4294967296 from batch_probe where key = :key").param("key", key)
                .query(Long.class).single();
    }

    // A row written in a savepoint carries the subtransaction's id, not its transaction's.
    private boolean writtenInSavepoint(String key) {
        return jdbc.sql("select xmin::text::bigint <> tx % 4294967296 from batch_probe where key = :key")
                .param("key", key).query(Boolean.class).single();
    }

    /** A new publication of the same listener for a new key, resubmitted once, {@code resubmittedAgo}. */
    private String resubmittedCopyOf(String key, Duration resubmittedAgo) {
        String copy = UUID.randomUUID().toString();
        jdbc.sql("""
                        insert into event_publication (id, listener_id, event_type, serialized_event, publication_date,
                                                       status, completion_attempts, last_resubmission_date)
                        select gen_random_uuid(), listener_id, event_type, replace(serialized_event, :key, :copy),
                               now() - interval '1 minute', 'RESUBMITTED', 2, now() - cast(:ago as interval)
                          from event_publication where serialized_event like :like""")
                .param("key", key).param("copy", copy).param("like", "%\"key\":\"" + key + "\"%")
                .param("ago", resubmittedAgo.toMillis() + " milliseconds")
                .update();
        return copy;
    }

    private int attempts(String key) {
        return jdbc.sql("select completion_attempts from event_publication where serialized_event like :like")
                .param("like", "%\"key\":\"" + key + "\"%").query(Integer.class).single();
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
                .param("key", "%\"key\":\"" + key + "\"%").query().singleRow();
    }

    private Map<String, Object> probe(String key) {
        return jdbc.sql("select tx % 4294967296 as tx, status_seen from completion_probe where key = :key")
                .param("key", key).query().singleRow();
    }

    /** The tables {@link Probes}' listeners write what they saw to (their transaction, the publication's state). */
    static void probeTables(JdbcClient jdbc) {
        jdbc.sql("""
                create table if not exists completion_probe (key text primary key, tx bigint not null,
                                                             status_seen text)""").update();
        jdbc.sql("""
                create table if not exists batch_probe (key text primary key, tx bigint not null,
                                                        watched_status text)""").update();
    }

    record Probe(String key, boolean fail) {
    }

    record UnheldProbe(String key) {
    }

    record BatchProbe(String key, boolean fail, String watch) {
    }

    record HoldingProbe(String key) {
    }

    record SwallowingProbe(String key) {
    }

    record ErrorProbe(String key) {
    }

    record AbortingProbe(String key) {
    }

    record NotingProbe(String key, UUID orderId, boolean fail) {
    }

    record PuttingOffProbe(String key, boolean refuse) {
    }

    record AfterCommitFailingProbe(String key) {
    }

    record PreparedProbe(String key, boolean refusedAhead) {
    }

    record ReaddressingProbe(String key, List<UUID> orderIds) {
    }

    /** What a preparer was told: the keys of the batch's prepared probes, in its transaction. */
    record Prepared(List<String> keys, long tx) {
    }

    /**
     * A transaction's writes put off to just before it commits, as the timeline's and the emails' are; a refused one
     * fails there, and so fails the commit.
     */
    static final class PutOff implements TransactionSynchronization {

        private final JdbcClient jdbc;
        private final List<PuttingOffProbe> probes = new ArrayList<>();

        PutOff(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            probes.forEach(probe -> write(jdbc, probe));
        }

        static void write(JdbcClient jdbc, PuttingOffProbe probe) {
            jdbc.sql("insert into put_off_probe (key) values (:key)").param("key", probe.key()).update();
            if (probe.refuse()) {
                jdbc.sql("select 1 / 0").query(Integer.class).single();
            }
        }
    }

    /** A transaction a listener joins, which fails and so marks the shared transaction rollback-only. */
    static class Refusing {

        @Transactional
        public void refuse() {
            throw new IllegalStateException("refused on purpose");
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Probes {

        static final Set<String> HELD = ConcurrentHashMap.newKeySet();
        static final Map<String, Integer> RUNS = new ConcurrentHashMap<>();
        static final Map<String, Prepared> PREPARED = new ConcurrentHashMap<>();

        private final JdbcClient jdbc;
        private final Refusing refusing;
        private final OrderManagement orders;

        Probes(JdbcClient jdbc, Refusing refusing, OrderManagement orders) {
            this.jdbc = jdbc;
            this.refusing = refusing;
            this.orders = orders;
        }

        // Records what it was told for each probe; refuses when one of them asks it to.
        @Bean
        ListenerBatchPreparer probesPreparer(JdbcClient jdbc) {
            return events -> {
                List<PreparedProbe> probes = events.stream().filter(PreparedProbe.class::isInstance)
                        .map(PreparedProbe.class::cast).toList();
                if (probes.isEmpty()) {
                    return;
                }
                long tx = jdbc.sql("select txid_current() % 4294967296").query(Long.class).single();
                Prepared prepared = new Prepared(probes.stream().map(PreparedProbe::key).toList(), tx);
                probes.forEach(probe -> PREPARED.put(probe.key(), prepared));
                if (probes.stream().anyMatch(PreparedProbe::refusedAhead)) {
                    throw new IllegalStateException("refused ahead, on purpose");
                }
            };
        }

        @BatchedModuleListener
        void on(PreparedProbe probe) {
            jdbc.sql("insert into batch_probe (key, tx, watched_status) values (:key, txid_current(), :prepared)")
                    .param("key", probe.key())
                    .param("prepared", PREPARED.containsKey(probe.key()) ? "prepared" : "not prepared")
                    .update();
        }

        // Changes the orders' address with plain SQL, behind the order module's back (the version stays).
        @BatchedModuleListener
        void on(ReaddressingProbe probe) {
            jdbc.sql("update orders set email = 'readdressed@example.com' where id in (:ids)")
                    .param("ids", probe.orderIds()).update();
        }

        // Its batch commits; then a callback after the commit throws, as handing work to a stopping executor would.
        @BatchedModuleListener
        void on(AfterCommitFailingProbe probe) {
            RUNS.merge(probe.key(), 1, Integer::sum);
            jdbc.sql("insert into batch_probe (key, tx) values (:key, txid_current())").param("key", probe.key())
                    .update();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    throw new IllegalStateException("after the commit, on purpose");
                }
            });
        }

        @BatchedModuleListener
        void on(PuttingOffProbe probe) {
            jdbc.sql("insert into batch_probe (key, tx) values (:key, txid_current())").param("key", probe.key())
                    .update();
            PutOff putOff = TransactionBound.getForWrites(PutOff.class, () -> new PutOff(jdbc));
            if (putOff == null) {
                PutOff.write(jdbc, probe);
            } else {
                putOff.probes.add(probe);
            }
        }

        @BatchedModuleListener
        void on(NotingProbe probe) {
            orders.note(OrderId.of(probe.orderId()), "probe_noted", Source.SYSTEM, Map.of("key", probe.key()));
            if (probe.fail()) {
                throw new IllegalStateException("refused on purpose");
            }
        }

        @BatchedModuleListener
        void on(SwallowingProbe probe) {
            jdbc.sql("insert into batch_probe (key, tx) values (:key, txid_current())").param("key", probe.key())
                    .update();
            try {
                refusing.refuse();
            } catch (IllegalStateException swallowed) {
                // Caught and ignored: the run returns normally.
            }
        }

        @BatchedModuleListener
        void on(AbortingProbe probe) {
            jdbc.sql("insert into batch_probe (key, tx) values (:key, txid_current())").param("key", probe.key())
                    .update();
            try {
                jdbc.sql("select 1 / 0").query(Integer.class).single();
            } catch (DataAccessException swallowed) {
                // Caught and ignored: the run returns normally, its transaction aborted.
            }
        }

        @BatchedModuleListener
        void on(ErrorProbe probe) {
            throw new AssertionError("an Error on purpose");
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
            jdbc.sql("""
                            insert into batch_probe (key, tx, watched_status)
                            values (:key, txid_current(),
                                    (select status from event_publication where serialized_event like :watched))""")
                    .param("key", probe.key())
                    .param("watched", probe.watch() == null ? "-" : "%\"key\":\"" + probe.watch() + "\"%")
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
