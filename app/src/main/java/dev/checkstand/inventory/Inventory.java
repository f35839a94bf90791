package dev.checkstand.inventory;

import dev.checkstand.common.OrderId;
import dev.checkstand.common.ProductId;
import dev.checkstand.platform.WrittenBeforeCommit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stock and reservations (invariant 5). Every method joins the caller's transaction: a reservation is made in the
 * checkout transaction and committed or released in the payment transition's.
 */
@Service
public class Inventory {

    private final StockLevels stock;
    private final Reservations reservations;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    Inventory(StockLevels stock, Reservations reservations, Clock clock, PlatformTransactionManager transactions) {
        this.stock = stock;
        this.reservations = reservations;
        this.clock = clock;
        this.ownTransaction = WrittenBeforeCommit.ownTransaction(transactions);
    }

    /**
     * Reserves every line with one atomic conditional update per product, in product order so that concurrent
     * checkouts cannot deadlock. When any line is short the caller must roll back; the outcome lists the short lines.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Reservation reserve(OrderId orderId, List<Reservation.Line> lines, Instant expiresAt) {
        List<Reservation.Line> sorted = lines.stream().sorted(Comparator.comparing(Reservation.Line::productId)).toList();
        List<Reservation.Line> shortLines = new ArrayList<>();
        for (Reservation.Line line : sorted) {
            if (!stock.tryReserve(line.productId(), line.quantity())) {
                shortLines.add(line);
            }
        }
        if (!shortLines.isEmpty()) {
            Map<ProductId, Integer> available = stock.available(shortLines.stream().map(Reservation.Line::productId).toList());
            return new Reservation.OutOfStock(shortLines.stream()
                    .map(l -> new Reservation.ShortItem(l.productId(), l.quantity(), available.getOrDefault(l.productId(), 0)))
                    .toList());
        }
        Instant now = clock.instant();
        sorted.forEach(line -> reservations.insertActive(orderId, line, expiresAt, now));
        return new Reservation.Reserved();
    }

    /**
     * Paid: the reserved units leave both on-hand and reserved, when the transaction commits, with those of every
     * other order it pays ({@link WrittenBeforeCommit}): one update of all their reservations, then their products' stock
     * rows locked by one statement in product order (so transactions that pay many orders cannot deadlock on them) and
     * changed by another, however many products and orders, each row locked only for the last moment of the
     * transaction. Moving
     * stock from reserved to sold leaves what is available unchanged, so nothing in the transaction reads a different
     * availability meanwhile; whatever else here reads or changes reservations first has the commits put off made, so
     * it finds them committed. Committing twice changes nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void commit(OrderId orderId) {
        WrittenBeforeCommit.write(this, List.of(orderId), this::commitAll, ownTransaction);
    }

    // Committing twice moves nothing the second time, so takes nothing from stock.
    private void commitAll(List<OrderId> orderIds) {
        SortedMap<ProductId, Integer> quantities = new TreeMap<>();
        reservations.moveActive(orderIds, "committed", clock.instant())
                .forEach(held -> quantities.merge(held.productId(), held.quantity(), Integer::sum));
        if (!quantities.isEmpty()) {
            stock.commit(quantities);
        }
    }

    /** The payment can no longer succeed: reserved units become available again. Releasing twice changes nothing. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(OrderId orderId) {
        WrittenBeforeCommit.writeGathered(this);
        for (Reservations.Held held : reservations.moveActive(orderId, "released", clock.instant())) {
            stock.release(held.productId(), held.quantity());
        }
    }

    /** Moves the expiry of the order's active reservations to {@code until} (never earlier). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void extend(OrderId orderId, Instant until) {
        WrittenBeforeCommit.writeGathered(this);
        reservations.extend(orderId, until, clock.instant());
    }

    /** On hand minus reserved, per product; products without stock rows are absent. */
    @Transactional(readOnly = true)
    public Map<ProductId, Integer> available(Collection<ProductId> productIds) {
        return stock.available(productIds);
    }

    /**
     * Returns sold units of an order to stock (a refund with returned goods). Bounded by what the order bought and
     * has not restocked yet: false, and nothing changed, when {@code quantity} is more than that.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean restock(OrderId orderId, ProductId productId, int quantity) {
        WrittenBeforeCommit.writeGathered(this);
        if (!reservations.restock(orderId, productId, quantity, clock.instant())) {
            return false;
        }
        stock.restock(productId, quantity);
        return true;
    }

    /** A product's stock: units on hand, units reserved for unpaid orders, and what can still be bought. */
    public record Level(int onHand, int reserved) {

        public int available() {
            return onHand - reserved;
        }
    }

    /** The product's stock level; empty when it has none. */
    @Transactional(readOnly = true)
    public java.util.Optional<Level> level(ProductId productId) {
        return stock.level(productId);
    }

    /** Sets units on hand; refused ({@link StockBelowReserved}) when fewer than are reserved. */
    @Transactional
    public Level setOnHand(ProductId productId, int onHand) {
        return stock.setOnHand(productId, onHand).orElseGet(() -> {
            Level current = stock.level(productId).orElseThrow(
                    () -> new dev.checkstand.common.NotFound("product_not_found", "No stock for product " + productId));
            throw new StockBelowReserved(onHand, current.reserved());
        });
    }

    /** Creates the stock row of a new product. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void track(ProductId productId, int onHand) {
        stock.insert(productId, onHand, clock.instant());
    }

    /** Orders holding stock in an active reservation that expired before {@code expiredBefore} (at most {@code limit}). */
    @Transactional(readOnly = true)
    public List<OrderId> heldPastExpiry(Instant expiredBefore, int limit) {
        WrittenBeforeCommit.writeGathered(this);
        return reservations.activePastExpiry(expiredBefore, limit);
    }
}
