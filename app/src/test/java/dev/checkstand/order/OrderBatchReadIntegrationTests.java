package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.common.OrderId;
import dev.checkstand.support.Backends;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A batch of orders read with their items ({@link Orders#withItems(java.util.Collection)}, what each batch of the
 * fulfillment listener's runs starts from), on a database whose statistics were taken when its first 200 orders had 68
 * items each and 17,050 single-item orders came after: the statistics a table has between two analyses, and the ones
 * that tempt PostgreSQL's generic plan into reading every item.
 */
class OrderBatchReadIntegrationTests {

    private static final int ITEMS_BEFORE_ANALYSIS = 68;

    private static Backends backends;
    private static JdbcClient jdbc;
    private static Orders orders;
    private static UUID product;

    @BeforeAll
    static void staleStatistics() {
        backends = Backends.start("order-batch-read");
        backends.migrate();
        jdbc = backends.jdbc();
        orders = RawOrders.repository(backends);
        jdbc.sql("alter table orders set (autovacuum_enabled = off)").update();
        jdbc.sql("alter table order_items set (autovacuum_enabled = off)").update();
        product = UUID.randomUUID();
        jdbc.sql("""
                insert into products (id, sku, name, unit_amount, currency, created_at, updated_at)
                values (:id, 'MUG-1', 'Mug', 1200, 'gbp', now(), now())""").param("id", product).update();
        insertOrders(1, 200, ITEMS_BEFORE_ANALYSIS);
        jdbc.sql("analyze orders").update();
        jdbc.sql("analyze order_items").update();
        insertOrders(201, 17_250, 1);
    }

    @AfterAll
    static void stop() {
        backends.close();
    }

    @Test
    void theItemsOfABatchAreReadByTheirIndexWhateverTheStatisticsSay() throws SQLException {
        String plan = genericPlan(Orders.WITH_ITEMS_OF);

        assertThat(plan).containsPattern("Index Cond: \\(order_id = ANY \\(\\$\\d\\)\\)")
                .doesNotContain("Seq Scan on order_items");
    }

    /** The control: joined on the order id alone, as it was, the same statement reads every item on this database. */
    @Test
    void joinedOnTheOrderIdAloneTheItemsAreAllRead() throws SQLException {
        String joinedOnOrderIdAlone = Orders.WITH_ITEMS_OF.replace(" and i.order_id = any(:ids)", "");
        assertThat(joinedOnOrderIdAlone).isNotEqualTo(Orders.WITH_ITEMS_OF);

        assertThat(genericPlan(joinedOnOrderIdAlone)).contains("Seq Scan on order_items");
    }

    @Test
    void aBatchComesBackWithEveryItemOfEachOrderAndOrdersWithoutItems() {
        List<OrderId> many = ids("o.number <= 'N00003'");
        List<OrderId> single = ids("o.number between 'N00201' and 'N00230'");
        OrderId none = OrderId.of(RawOrders.insertPending(jdbc, "N99999"));
        List<OrderId> batch = new ArrayList<>(many);
        batch.addAll(single);
        batch.add(none);
        batch.add(OrderId.of(UUID.randomUUID()));

        Map<OrderId, OrderDetails> read = orders.withItems(batch);

        assertThat(read).hasSize(many.size() + single.size() + 1);
        many.forEach(id -> assertThat(read.get(id).items()).hasSize(ITEMS_BEFORE_ANALYSIS));
        single.forEach(id -> assertThat(read.get(id).items()).hasSize(1));
        assertThat(read.get(none).items()).isEmpty();
        assertThat(read.get(many.get(0)).items()).extracting(OrderDetails.Item::productId).containsOnly(product);
    }

    /**
     * The plan PostgreSQL makes for {@code statement} whatever its parameters are: each {@code :ids} numbered in turn
     * ({@code $1}, {@code $2}), as Spring sends the statement.
     */
    private static String genericPlan(String statement) throws SQLException {
        String numbered = statement;
        for (int n = 1; numbered.contains(":ids"); n++) {
            numbered = numbered.replaceFirst(":ids", "cast(\\$" + n + " as uuid[])");
        }
        return GenericPlans.of(backends, numbered);
    }

    private static List<OrderId> ids(String where) {
        return jdbc.sql("select o.id from orders o where " + where + " order by o.number")
                .query((rs, n) -> OrderId.of(rs.getObject("id", UUID.class))).list();
    }

    private static void insertOrders(int from, int to, int items) {
        jdbc.sql("""
                insert into orders (id, number, checkout_id, checkout_fingerprint, status, payment_status, currency,
                                    subtotal, shipping, total, email, shipping_address, reservation_expires_at,
                                    created_at, updated_at)
                select gen_random_uuid(), 'N' || lpad(g::text, 5, '0'), 'co_' || g, 'fingerprint', 'pending_payment',
                       'unpaid', 'gbp', 1200 * :items, 0, 1200 * :items, 'a@example.com', '{}'::jsonb, now(), now(),
                       now()
                  from generate_series(:from, :to) g""")
                .param("items", items)
                .param("from", from)
                .param("to", to)
                .update();
        jdbc.sql("""
                insert into order_items (order_id, line_no, product_id, sku, name, unit_amount, quantity, line_total)
                select o.id, l, :product, 'MUG-1', 'Mug', 1200, 1, 1200
                  from orders o, generate_series(1, :items) l
                 where o.number between 'N' || lpad(cast(:from as text), 5, '0') and 'N' || lpad(cast(:to as text), 5, '0')""")
                .param("product", product)
                .param("items", items)
                .param("from", from)
                .param("to", to)
                .update();
    }
}
