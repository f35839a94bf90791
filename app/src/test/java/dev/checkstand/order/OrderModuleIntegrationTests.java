package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.ModuleBackends;
import dev.checkstand.support.PendingOrders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order module bootstrapped with what it really uses: inventory, its one dependency (it commits and releases the
 * reservations), and platform by name — platform owns the embedded PostgreSQL and the clock, beans every module takes
 * by JDK and Spring types, so Modulith does not see it as a dependency.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = "platform")
@ModuleBackends
class OrderModuleIntegrationTests {

    static final Money TWO_MUGS_SHIPPED = Money.of(2499, "gbp");

    @Autowired
    OrderManagement orders;

    @Autowired
    Inventory inventory;

    @Autowired
    Orders table;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    UUID mug;
    Order order;

    @BeforeEach
    void twoMugsReserved() {
        mug = Catalogs.mug(jdbc);
        order = new PendingOrders(transactions, orders, inventory).mugs(mug, 2);
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 2);
    }

    @Test
    void ordersLockedAheadAreLockedAgainstOthersAndHandedOutOnceAsReadUntilWritten() {
        Order second = new PendingOrders(transactions, orders, inventory).mugs(mug, 1);
        transactions.executeWithoutResult(tx -> {
            orders.lockAhead(List.of(order.id(), second.id()));
            assertThat(CompletableFuture.supplyAsync(() -> jdbc.sql(
                            "select count(*) from (select 1 from orders where id = any(:ids) for update skip locked) t")
                    .param("ids", new UUID[] {order.id().value(), second.id().value()})
                    .query(Long.class).single()).join()).isZero();
            // Changed behind the repository's back in this transaction: handed out as locked, once; then read again.
            behind(order.id(), "first@example.com");
            assertThat(table.lock(order.id()).orElseThrow().email()).isEqualTo("alice@example.com");
            assertThat(table.lock(order.id()).orElseThrow().email()).isEqualTo("first@example.com");
            // Written through the repository, the kept order is forgotten: the next lock reads it.
            Order read = table.byId(second.id()).orElseThrow();
            table.update(read, Instant.now());
            behind(second.id(), "second@example.com");
            assertThat(table.lock(second.id()).orElseThrow().email()).isEqualTo("second@example.com");
            tx.setRollbackOnly();
        });
    }

    // Writes the order's email with plain SQL, in the caller's transaction.
    private void behind(OrderId id, String email) {
        jdbc.sql("update orders set email = :email where id = :id").param("email", email).param("id", id.value()).update();
    }

    @Test
    void theReservationsATransactionCommitsAreCommittedTogetherBeforeItCommitsAndFoundCommittedByWhatReadsThemInIt() {
        Order other = new PendingOrders(transactions, orders, inventory).mugs(mug, 1);
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 3);
        transactions.executeWithoutResult(tx -> {
            inventory.commit(order.id());
            inventory.commit(other.id());
            // Put off: neither reservation is committed yet, in the table.
            assertThat(reservationStatuses(order, other)).containsOnly("active");
            // What changes reservations in the transaction finds them committed: a returned unit is taken back.
            assertThat(inventory.restock(other.id(), ProductId.of(mug), 1)).isTrue();
            assertThat(reservationStatuses(order, other)).containsExactlyInAnyOrder("committed", "restored");
            // Committing again, in the same transaction, changes nothing.
            inventory.commit(order.id());
        });
        // Three sold, one of them back on the shelf: five on hand less two, none reserved.
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(3, 0);
        assertThat(reservationStatuses(order, other)).containsExactlyInAnyOrder("committed", "restored");
    }

    @Test
    void theStockOfManyProductsATransactionSellsIsTakenByOneStatementBeforeItCommits() {
        UUID cup = Catalogs.product(jdbc, 1000, 7);
        UUID plate = Catalogs.product(jdbc, 1000, 4);
        PendingOrders pending = new PendingOrders(transactions, orders, inventory);
        Order cups = pending.mugs(cup, 3);
        Order plates = pending.mugs(plate, 1);
        Order morePlates = pending.mugs(plate, 2);
        transactions.executeWithoutResult(tx -> {
            inventory.commit(order.id());
            inventory.commit(cups.id());
            inventory.commit(plates.id());
            inventory.commit(morePlates.id());
        });
        // Sold: each product's units leave on hand and reserved.
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(3, 0);
        assertThat(Catalogs.stock(jdbc, cup)).containsExactly(4, 0);
        assertThat(Catalogs.stock(jdbc, plate)).containsExactly(1, 0);
        // The three rows changed by one statement: one transaction, one command.
        assertThat(jdbc.sql("select distinct xmin::text || '/' || cmin::text from stock where product_id = any(:ids)")
                .param("ids", new UUID[] {mug, cup, plate}).query(String.class).list()).hasSize(1);
    }

    private List<String> reservationStatuses(Order... of) {
        return jdbc.sql("select status from reservations where order_id = any(:ids)")
                .param("ids", java.util.Arrays.stream(of).map(o -> o.id().value()).toArray(UUID[]::new))
                .query(String.class).list();
    }

    @Test
    void payingAPendingOrderCommitsItsStockAndPublishesOneOrderPaidWithTheAmountReceived(
            AssertablePublishedEvents events) {
        PaymentApplied applied = pay(TWO_MUGS_SHIPPED);

        assertThat(applied).isEqualTo(new PaymentApplied.Paid(false));
        assertThat(events.ofType(OrderPaid.class)).containsExactly(new OrderPaid(order.id(), TWO_MUGS_SHIPPED));
        Order paid = orders.find(order.id()).orElseThrow();
        assertThat(paid.status()).isEqualTo(Order.Status.PAID);
        assertThat(paid.paymentStatus()).isEqualTo(Order.PaymentStatus.PAID);
        assertThat(paid.amountPaid()).isEqualTo(2499);
        assertThat(paid.attentionReasons()).isEmpty();
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(3, 0);
        assertThat(types()).containsExactly("created", "paid");
    }

    @Test
    void paymentOfAnotherAmountPaysTheOrderFlagsItAndOrderPaidCarriesWhatWasReceived(AssertablePublishedEvents events) {
        PaymentApplied applied = pay(Money.of(2000, "gbp"));

        assertThat(applied).isEqualTo(new PaymentApplied.Paid(true));
        assertThat(events.ofType(OrderPaid.class)).containsExactly(new OrderPaid(order.id(), Money.of(2000, "gbp")));
        Order paid = orders.find(order.id()).orElseThrow();
        assertThat(paid.status()).isEqualTo(Order.Status.PAID);
        assertThat(paid.amountPaid()).isEqualTo(2000);
        assertThat(paid.attentionReasons()).containsExactly("amount_mismatch");
        assertThat(types()).containsExactly("created", "paid", "flagged");
    }

    @Test
    void secondPaymentOfAPaidOrderIsAlreadyPaidPublishesNothingAndFlagsDuplicatePayment(
            AssertablePublishedEvents events) {
        pay(TWO_MUGS_SHIPPED);

        PaymentApplied second = pay(TWO_MUGS_SHIPPED);

        assertThat(second).isInstanceOf(PaymentApplied.AlreadyPaid.class);
        assertThat(events.ofType(OrderPaid.class)).containsExactly(new OrderPaid(order.id(), TWO_MUGS_SHIPPED));
        Order paid = orders.find(order.id()).orElseThrow();
        assertThat(paid.status()).isEqualTo(Order.Status.PAID);
        assertThat(paid.amountPaid()).isEqualTo(2499);
        assertThat(paid.attentionReasons()).containsExactly("duplicate_payment");
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(3, 0);
        assertThat(types()).containsExactly("created", "paid", "flagged");
        assertThat(timeline("flagged").get(0).data()).containsEntry("reason", "duplicate_payment");
    }

    @Test
    void paymentAfterCancelIsPaidAfterCancelLeavesTheOrderCanceledAndItsStockReleased(
            AssertablePublishedEvents events) {
        Order.Cancellation canceled = transactions.execute(tx -> orders.cancel(order.id(), Source.ADMIN, Map.of()));
        assertThat(canceled).isEqualTo(Order.Cancellation.CANCELED);
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 0);

        PaymentApplied late = pay(TWO_MUGS_SHIPPED);

        assertThat(late).isInstanceOf(PaymentApplied.PaidAfterCancel.class);
        assertThat(events.ofType(OrderPaid.class)).isEmpty();
        Order after = orders.find(order.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(Order.Status.CANCELED);
        assertThat(after.paymentStatus()).isEqualTo(Order.PaymentStatus.UNPAID);
        assertThat(after.amountPaid()).isZero();
        assertThat(after.attentionReasons()).containsExactly("paid_after_cancel");
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 0);
        assertThat(types()).containsExactly("created", "canceled", "flagged");
        assertThat(timeline("flagged").get(0).data()).containsEntry("reason", "paid_after_cancel");
    }

    @Test
    void paymentOutsideATransactionIsRefusedAndChangesNothing(AssertablePublishedEvents events) {
        assertThatThrownBy(() -> orders.applyPayment(order.id(), TWO_MUGS_SHIPPED, Source.WEBHOOK, Map.of()))
                .isInstanceOf(IllegalTransactionStateException.class);

        assertThat(events.ofType(OrderPaid.class)).isEmpty();
        assertThat(orders.find(order.id()).orElseThrow().status()).isEqualTo(Order.Status.PENDING_PAYMENT);
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 2);
        assertThat(types()).containsExactly("created");
    }

    private PaymentApplied pay(Money received) {
        return transactions.execute(tx -> orders.applyPayment(order.id(), received, Source.WEBHOOK,
                Map.of("paymentIntentId", "pi_" + UUID.randomUUID())));
    }

    @Test
    void aTransactionsTimelineEntriesAreWrittenTogetherBeforeItCommitsInTheOrderAppendedAndReadBackInIt() {
        Order other = new PendingOrders(transactions, orders, inventory).mugs(mug, 1);
        List<String> seenInside = transactions.execute(status -> {
            orders.note(order.id(), "note_one", Source.ADMIN, Map.of());
            orders.note(other.id(), "note_two", Source.ADMIN, Map.of());
            long writtenYet = jdbc.sql("select count(*) from order_timeline where order_id in (:ids) and type like 'note_%'")
                    .param("ids", List.of(order.id().value(), other.id().value())).query(Long.class).single();
            assertThat(writtenYet).isZero();
            // A read of a timeline in the transaction sees the entries appended before it.
            List<String> seen = types();
            orders.note(order.id(), "note_three", Source.ADMIN, Map.of());
            return seen;
        });

        assertThat(seenInside).containsExactly("created", "note_one");
        List<UUID> both = List.of(order.id().value(), other.id().value());
        assertThat(jdbc.sql("select type from order_timeline where order_id in (:ids) and type like 'note_%' order by id")
                .param("ids", both).query(String.class).list()).containsExactly("note_one", "note_two", "note_three");
        // The first two by the statement the read made, the third by the one before the commit.
        assertThat(jdbc.sql("""
                        select count(distinct cmin::text) from order_timeline
                         where order_id in (:ids) and type like 'note_%'""")
                .param("ids", both).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void theOrdersATransactionChangesUnderLockAreWrittenTogetherBeforeItCommitsAndFirstByWhateverReadsThem() {
        Order other = new PendingOrders(transactions, orders, inventory).mugs(mug, 1);
        transactions.executeWithoutResult(tx -> {
            // Locked ahead, as a batch of payments locks them: neither payment reads its order again.
            orders.lockAhead(List.of(order.id(), other.id()));
            orders.applyPayment(order.id(), TWO_MUGS_SHIPPED, Source.WEBHOOK, Map.of());
            orders.applyPayment(other.id(), Money.of(1499, "gbp"), Source.WEBHOOK, Map.of());
            // Put off: the table still has both pending, at the version they were read at.
            assertThat(statusesInTable(order, other)).containsOnly("pending_payment 0");
            // Locked again to be changed again: both written first, together.
            orders.flag(order.id(), "checked_by_hand", Source.ADMIN, Map.of());
            assertThat(statusesInTable(order, other)).containsOnly("paid 1");
            // Read through the repository: the second change written first.
            assertThat(orders.find(order.id()).orElseThrow().attentionReasons()).containsExactly("checked_by_hand");
            assertThat(statusesInTable(order, other)).containsExactlyInAnyOrder("paid 2", "paid 1");
        });
        assertThat(orders.find(other.id()).orElseThrow().status()).isEqualTo(Order.Status.PAID);

        // An order changed behind the lock's back in the transaction fails the commit: nothing of it is kept.
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            orders.flag(other.id(), "never_kept", Source.ADMIN, Map.of());
            jdbc.sql("update orders set version = version + 1 where id = :id").param("id", other.id().value()).update();
        })).isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class);
        assertThat(statusesInTable(other)).containsExactly("paid 1");
        assertThat(orders.find(other.id()).orElseThrow().attentionReasons()).isEmpty();
    }

    private List<String> statusesInTable(Order... of) {
        return jdbc.sql("select status || ' ' || version from orders where id = any(:ids)")
                .param("ids", java.util.Arrays.stream(of).map(o -> o.id().value()).toArray(UUID[]::new))
                .query(String.class).list();
    }

    @Test
    void aTransactionRolledBackWritesNoneOfTheTimelineEntriesItGathered() {
        transactions.executeWithoutResult(status -> {
            orders.note(order.id(), "note_undone", Source.ADMIN, Map.of());
            status.setRollbackOnly();
        });

        assertThat(types()).containsExactly("created");
    }

    private List<String> types() {
        return orders.details(order.id()).timeline().stream().map(TimelineEntry::type).toList();
    }

    private List<TimelineEntry> timeline(String type) {
        return orders.details(order.id()).timeline().stream().filter(e -> type.equals(e.type())).toList();
    }
}
