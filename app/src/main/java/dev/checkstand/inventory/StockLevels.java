package dev.checkstand.inventory;

import dev.checkstand.common.ProductId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stock table: on hand and reserved per product, changed only by conditional updates. */
@Repository
class StockLevels {

    private final JdbcClient jdbc;

    StockLevels(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean tryReserve(ProductId productId, int quantity) {
        return jdbc.sql("""
                update stock set reserved = reserved + :quantity, updated_at = now()
                 where product_id = :productId and on_hand - reserved >= :quantity""")
                .param("quantity", quantity)
                .param("productId", productId.value())
                .update() == 1;
    }

    void commit(ProductId productId, int quantity) {
        requireOneRow(jdbc.sql("""
                update stock set on_hand = on_hand - :quantity, reserved = reserved - :quantity, updated_at = now()
                 where product_id = :productId""")
                .param("quantity", quantity)
                .param("productId", productId.value())
                .update(), productId);
    }

    /**
     * Sold, for many products at once ({@code quantities} in product order): each row locked first, in product order,
     * by one statement — so transactions that sell the same products cannot deadlock on them — then all changed by a
     * second. One product is one statement.
     */
    void commit(SortedMap<ProductId, Integer> quantities) {
        if (quantities.size() == 1) {
            quantities.forEach(this::commit);
            return;
        }
        UUID[] ids = quantities.keySet().stream().map(ProductId::value).toArray(UUID[]::new);
        int locked = jdbc.sql("select product_id from stock where product_id = any(:ids) order by product_id for update")
                .param("ids", ids)
                .query((rs, n) -> 1)
                .list().size();
        int updated = jdbc.sql("""
                        update stock s
                           set on_hand = s.on_hand - c.quantity, reserved = s.reserved - c.quantity, updated_at = now()
                          from unnest(:ids, :quantities) as c(product_id, quantity)
                         where s.product_id = c.product_id""")
                .param("ids", ids)
                .param("quantities", quantities.values().toArray(Integer[]::new))
                .update();
        if (locked != quantities.size() || updated != quantities.size()) {
            throw new IllegalStateException("no stock row for " + (quantities.size() - Math.min(locked, updated))
                    + " of products " + quantities.keySet());
        }
    }

    void release(ProductId productId, int quantity) {
        requireOneRow(jdbc.sql("""
                update stock set reserved = reserved - :quantity, updated_at = now() where product_id = :productId""")
                .param("quantity", quantity)
                .param("productId", productId.value())
                .update(), productId);
    }

    void restock(ProductId productId, int quantity) {
        requireOneRow(jdbc.sql("update stock set on_hand = on_hand + :quantity, updated_at = now() where product_id = :productId")
                .param("quantity", quantity)
                .param("productId", productId.value())
                .update(), productId);
    }

    Map<ProductId, Integer> available(Collection<ProductId> productIds) {
        Map<ProductId, Integer> result = new HashMap<>();
        if (productIds.isEmpty()) {
            return result;
        }
        jdbc.sql("select product_id, on_hand - reserved as available from stock where product_id in (:ids)")
                .param("ids", productIds.stream().map(ProductId::value).toList())
                .query((rs, n) -> result.put(ProductId.of(rs.getObject("product_id", UUID.class)), rs.getInt("available")))
                .list();
        return result;
    }

    void insert(ProductId productId, int onHand, Instant now) {
        jdbc.sql("insert into stock (product_id, on_hand, reserved, updated_at) values (:productId, :onHand, 0, :now)")
                .param("productId", productId.value())
                .param("onHand", onHand)
                .param("now", java.sql.Timestamp.from(now))
                .update();
    }

    /** Sets on-hand units unless that would leave less than is reserved; empty when refused or unknown. */
    java.util.Optional<Inventory.Level> setOnHand(ProductId productId, int onHand) {
        return jdbc.sql("""
                update stock set on_hand = :onHand, updated_at = now()
                 where product_id = :productId and reserved <= :onHand
                returning on_hand, reserved""")
                .param("onHand", onHand)
                .param("productId", productId.value())
                .query((rs, n) -> new Inventory.Level(rs.getInt("on_hand"), rs.getInt("reserved")))
                .optional();
    }

    java.util.Optional<Inventory.Level> level(ProductId productId) {
        return jdbc.sql("select on_hand, reserved from stock where product_id = :productId")
                .param("productId", productId.value())
                .query((rs, n) -> new Inventory.Level(rs.getInt("on_hand"), rs.getInt("reserved")))
                .optional();
    }

    private static void requireOneRow(int updated, ProductId productId) {
        if (updated != 1) {
            throw new IllegalStateException("no stock row for product " + productId);
        }
    }
}
