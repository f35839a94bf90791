package dev.checkstand.inventory;

import dev.checkstand.common.ProductId;
import dev.checkstand.platform.TransactionBound;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * The stock taken by the orders paid in one transaction, applied just before it commits: one update per product
 * however many of its orders the transaction pays, in product order (so transactions that pay many orders cannot
 * deadlock on stock rows), and each product's row locked only for the last moment of the transaction instead of
 * from the payment on. Moving stock from reserved to sold leaves what is available unchanged, so nothing in the
 * transaction reads a different availability meanwhile.
 */
final class StockCommits implements TransactionSynchronization {

    private final StockLevels stock;
    private final Map<ProductId, Integer> quantities = new TreeMap<>();

    private StockCommits(StockLevels stock) {
        this.stock = stock;
    }

    /**
     * Takes the units of {@code held} out of stock when the current transaction commits (at once outside one, and in
     * a listener run that may roll back alone to its savepoint).
     */
    static void add(StockLevels stock, List<Reservations.Held> held) {
        if (held.isEmpty()) {
            return;
        }
        StockCommits pending = TransactionBound.getForWrites(new Key(stock), () -> new StockCommits(stock));
        if (pending == null) {
            held.forEach(h -> stock.commit(h.productId(), h.quantity()));
            return;
        }
        held.forEach(h -> pending.quantities.merge(h.productId(), h.quantity(), Integer::sum));
    }

    // The transaction's pending commits are kept per stock table's owner.
    private record Key(StockLevels stock) {
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        quantities.forEach(stock::commit);
    }
}
