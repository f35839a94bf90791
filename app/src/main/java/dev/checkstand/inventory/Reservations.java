package dev.checkstand.inventory;

import dev.checkstand.common.OrderId;
import dev.checkstand.common.ProductId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reservations per order line; a status moves forward exactly once, so stock is never released or committed twice. */
@Repository
class Reservations {

    private final JdbcClient jdbc;

    Reservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertActive(OrderId orderId, Reservation.Line line, Instant expiresAt, Instant now) {
        jdbc.sql("""
                insert into reservations (order_id, product_id, quantity, status, expires_at, created_at, updated_at)
                values (:orderId, :productId, :quantity, 'active', :expiresAt, :now, :now)""")
                .param("orderId", orderId.value())
                .param("productId", line.productId().value())
                .param("quantity", line.quantity())
                .param("expiresAt", Timestamp.from(expiresAt))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Moves the order's active reservations to {@code status} and returns what was moved (nothing the second time). */
    List<Held> moveActive(OrderId orderId, String status, Instant now) {
        return moveActive(List.of(orderId), status, now);
    }

    /**
     * Moves the active reservations of all the orders to {@code status}, by one statement, and returns what was moved
     * (nothing the second time), in product order.
     */
    List<Held> moveActive(Collection<OrderId> orderIds, String status, Instant now) {
        return jdbc.sql("""
                update reservations set status = :status, updated_at = :now
                 where order_id = any(:orderIds) and status = 'active'
                returning product_id, quantity""")
                .param("status", status)
                .param("now", Timestamp.from(now))
                .param("orderIds", orderIds.stream().map(OrderId::value).toArray(UUID[]::new))
                .query((rs, n) -> new Held(ProductId.of(rs.getObject("product_id", UUID.class)), rs.getInt("quantity")))
                .list()
                .stream()
                .sorted(java.util.Comparator.comparing(Held::productId))
                .toList();
    }

    boolean restock(OrderId orderId, ProductId productId, int quantity, Instant now) {
        return jdbc.sql("""
                update reservations
                   set restocked = restocked + :quantity,
                       status = case when restocked + :quantity = quantity then 'restored' else status end,
                       updated_at = :now
                 where order_id = :orderId and product_id = :productId and status = 'committed'
                   and restocked + :quantity <= quantity""")
                .param("quantity", quantity)
                .param("now", Timestamp.from(now))
                .param("orderId", orderId.value())
                .param("productId", productId.value())
                .update() == 1;
    }

    void extend(OrderId orderId, Instant until, Instant now) {
        jdbc.sql("""
                update reservations set expires_at = greatest(expires_at, :until), updated_at = :now
                 where order_id = :orderId and status = 'active'""")
                .param("until", Timestamp.from(until))
                .param("now", Timestamp.from(now))
                .param("orderId", orderId.value())
                .update();
    }

    record Held(ProductId productId, int quantity) {
    }

    List<OrderId> activePastExpiry(Instant expiredBefore, int limit) {
        return jdbc.sql("""
                select distinct order_id from reservations where status = 'active' and expires_at < :t limit :limit""")
                .param("t", java.sql.Timestamp.from(expiredBefore))
                .param("limit", limit)
                .query((rs, n) -> OrderId.of(rs.getObject("order_id", java.util.UUID.class)))
                .list();
    }
}
