package dev.checkstand.inventory;

import dev.checkstand.common.OrderId;
import dev.checkstand.common.ProductId;
import dev.checkstand.platform.TransactionBound;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * The reservations of the orders paid in one transaction, committed just before it commits, with the stock they take:
 * one update of the reservations of all its orders, then one update per product however many of its orders the
 * transaction pays, in product order (so transactions that pay many orders cannot deadlock on stock rows), each
 * product's row locked only for the last moment of the transaction instead of from the payment on. Moving stock from
 * reserved to sold leaves what is available unchanged, so nothing in the transaction reads a different availability
 * meanwhile; whatever else reads or changes the transaction's reservations first has the commits put off so far made
 * ({@link #makeNow}), so it finds them committed.
 */
final class StockCommits implements TransactionSynchronization {

    private final Reservations reservations;
    private final StockLevels stock;
    private final Clock clock;
    private final Set<OrderId> orders = new LinkedHashSet<>();

    private StockCommits(Reservations reservations, StockLevels stock, Clock clock) {
        this.reservations = reservations;
        this.stock = stock;
        this.clock = clock;
    }

    /**
     * Commits the order's reservation, and takes its units out of stock, when the current transaction commits (at once
     * outside one, and in a listener run that may roll back alone to its savepoint).
     */
    static void add(Reservations reservations, StockLevels stock, Clock clock, OrderId orderId) {
        StockCommits pending = TransactionBound.getForWrites(new Key(stock),
                () -> new StockCommits(reservations, stock, clock));
        if (pending == null) {
            commit(reservations, stock, clock, List.of(orderId));
        } else {
            pending.orders.add(orderId);
        }
    }

    /** Makes now the commits the current transaction has put off, if any: before its reservations are read or changed. */
    static void makeNow(StockLevels stock) {
        StockCommits pending = TransactionBound.existing(new Key(stock));
        if (pending != null) {
            pending.makePutOff();
        }
    }

    // The transaction's pending commits are kept per stock table's owner.
    private record Key(StockLevels stock) {
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        makePutOff();
    }

    private void makePutOff() {
        if (!orders.isEmpty()) {
            List<OrderId> now = List.copyOf(orders);
            orders.clear();
            commit(reservations, stock, clock, now);
        }
    }

    // Committing twice moves nothing the second time, so takes nothing from stock.
    private static void commit(Reservations reservations, StockLevels stock, Clock clock, List<OrderId> orderIds) {
        Map<ProductId, Integer> quantities = new TreeMap<>();
        reservations.moveActive(orderIds, "committed", clock.instant())
                .forEach(held -> quantities.merge(held.productId(), held.quantity(), Integer::sum));
        quantities.forEach(stock::commit);
    }
}
