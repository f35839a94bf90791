package dev.checkstand.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Products made for one test, so tests sharing a database never share stock. */
public final class Catalogs {

    private Catalogs() {
    }

    /** A mug made for one test: 10.00 gbp, five on hand. */
    public static UUID mug(JdbcClient jdbc) {
        return product(jdbc, 1000, 5);
    }

    /**
     * Inserts an active product priced {@code unitAmount} gbp with {@code onHand} units, made by the Printful
     * simulator's classic-mug sync variant, and returns its id.
     */
    public static UUID product(JdbcClient jdbc, long unitAmount, int onHand) {
        return product(jdbc, unitAmount, onHand, MUG_VARIANT);
    }

    /** The Printful simulator's sync variant for a classic mug. */
    public static final String MUG_VARIANT = Long.toString(dev.checkstand.simulator.printful.PrintfulSimulator.MUG_CLASSIC);

    /** As {@link #product(JdbcClient, long, int)}, with the given Printful variant (null: none, so it blocks). */
    public static UUID product(JdbcClient jdbc, long unitAmount, int onHand, String printfulVariantId) {
        return product(jdbc, unitAmount, onHand, printfulVariantId, "gbp");
    }

    /** As {@link #product(JdbcClient, long, int, String)}, priced in {@code currency} (minor units). */
    public static UUID product(JdbcClient jdbc, long unitAmount, int onHand, String printfulVariantId, String currency) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                insert into products (id, sku, name, description, unit_amount, currency, active, printful_variant_id,
                                      created_at, updated_at)
                values (:id, :sku, 'Test product', '', :amount, :currency, true, :variant, :now, :now)""")
                .param("currency", currency).param("id", id).param("sku", "TEST-" + id).param("amount", unitAmount).param("variant", printfulVariantId)
                .param("now", now).update();
        jdbc.sql("insert into stock (product_id, on_hand, reserved, updated_at) values (:id, :onHand, 0, :now)")
                .param("id", id).param("onHand", onHand).param("now", now).update();
        return id;
    }

    /** On hand and reserved units of a product. */
    public static int[] stock(JdbcClient jdbc, UUID productId) {
        return jdbc.sql("select on_hand, reserved from stock where product_id = :id")
                .param("id", productId)
                .query((rs, n) -> new int[] {rs.getInt("on_hand"), rs.getInt("reserved")})
                .single();
    }
}
