package dev.checkstand.order;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.platform.BatchReads;
import dev.checkstand.platform.LockedAhead;
import dev.checkstand.platform.WrittenBeforeCommit;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The orders table, its items and its customers' token hashes; updates check the version column. */
@Repository
class Orders {

    private static final String COLUMNS = """
            id, number, checkout_id, checkout_fingerprint, status, payment_status, fulfillment_status, currency,
            subtotal, shipping, amount_authorized, amount_paid, amount_refunded, email, shipping_address, attention_reasons,
            reservation_expires_at, created_at, paid_at, canceled_at, version""";
    // The same columns of orders as "o" in a join.
    private static final String JOINED_COLUMNS = Arrays.stream(COLUMNS.split(","))
            .map(column -> "o." + column.strip())
            .collect(java.util.stream.Collectors.joining(", "));

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate ownTransaction;

    Orders(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.ownTransaction = WrittenBeforeCommit.ownTransaction(transactions);
    }

    // Every statement but the updates put off: those are made first, so nothing reads or writes an order older.
    private JdbcClient.StatementSpec sql(String sql) {
        WrittenBeforeCommit.writeGathered(this);
        return jdbc.sql(sql);
    }

    /** Inserts the order unless its checkout id is taken; true when this call inserted it. */
    boolean insertIfNewCheckout(Order order) {
        return sql("""
                insert into orders (id, number, checkout_id, checkout_fingerprint, status, payment_status, currency,
                                    subtotal, shipping, total, email, shipping_address, reservation_expires_at,
                                    created_at, updated_at)
                values (:id, :number, :checkoutId, :fingerprint, :status, :paymentStatus, :currency, :subtotal,
                        :shipping, :total, :email, cast(:address as jsonb), :expiresAt, :createdAt, :createdAt)
                on conflict (checkout_id) do nothing""")
                .param("id", order.id().value())
                .param("number", order.number())
                .param("checkoutId", order.checkoutId())
                .param("fingerprint", order.checkoutFingerprint())
                .param("status", order.status().wire())
                .param("paymentStatus", order.paymentStatus().wire())
                .param("currency", order.total().currency())
                .param("subtotal", order.subtotal().amount())
                .param("shipping", order.shipping().amount())
                .param("total", order.total().amount())
                .param("email", order.email())
                .param("address", json.writeValueAsString(order.shippingAddress()))
                .param("expiresAt", Timestamp.from(order.reservationExpiresAt()))
                .param("createdAt", Timestamp.from(order.createdAt()))
                .update() == 1;
    }

    /**
     * The next order number: unique across instances, from a database sequence permuted by this database's key. A
     * number an order from before the key already has (only where such orders exist) is skipped.
     */
    String nextNumber() {
        while (true) {
            KeyedSequence next = sql("""
                    select nextval('order_number_seq') as sequence, multiplier, addend, legacy_numbers
                      from order_number_key""")
                    .query((rs, row) -> new KeyedSequence(rs.getLong("sequence"),
                            new OrderNumbers(rs.getLong("multiplier"), rs.getLong("addend")),
                            rs.getBoolean("legacy_numbers")))
                    .single();
            String number = next.numbers().format(next.sequence());
            if (!next.legacyNumbers() || !numberTaken(number)) {
                return number;
            }
        }
    }

    private boolean numberTaken(String number) {
        return sql("select exists (select 1 from orders where number = :number)")
                .param("number", number)
                .query(Boolean.class)
                .single();
    }

    private record KeyedSequence(long sequence, OrderNumbers numbers, boolean legacyNumbers) {
    }

    void insertItems(OrderId orderId, List<NewOrder.Item> items) {
        int lineNo = 1;
        for (NewOrder.Item item : items) {
            sql("""
                    insert into order_items (order_id, line_no, product_id, sku, name, unit_amount, quantity, line_total)
                    values (:orderId, :lineNo, :productId, :sku, :name, :unitAmount, :quantity, :lineTotal)""")
                    .param("orderId", orderId.value())
                    .param("lineNo", lineNo++)
                    .param("productId", item.productId().value())
                    .param("sku", item.sku())
                    .param("name", item.name())
                    .param("unitAmount", item.unitPrice().amount())
                    .param("quantity", item.quantity())
                    .param("lineTotal", item.lineTotal().amount())
                    .update();
        }
    }

    /** Stores a token's hash for the order, keeping only its newest {@code keep} tokens. */
    void addTokenHash(OrderId orderId, byte[] hash, Instant now, int keep) {
        sql("insert into order_tokens (order_id, token_hash, created_at) values (:orderId, :hash, :now)")
                .param("orderId", orderId.value())
                .param("hash", hash)
                .param("now", Timestamp.from(now))
                .update();
        sql("""
                delete from order_tokens
                 where order_id = :orderId
                   and id not in (select id from order_tokens where order_id = :orderId order by id desc limit :keep)""")
                .param("orderId", orderId.value())
                .param("keep", keep)
                .update();
    }

    /** The hashes of the order's tokens; none for an unknown order. */
    List<byte[]> tokenHashes(OrderId orderId) {
        return sql("select token_hash from order_tokens where order_id = :orderId")
                .param("orderId", orderId.value())
                .query((rs, n) -> rs.getBytes("token_hash"))
                .list();
    }

    Optional<Order> byId(OrderId id) {
        return sql("select " + COLUMNS + " from orders where id = :id")
                .param("id", id.value())
                .query(this::map)
                .optional();
    }

    Optional<Order> byCheckoutId(String checkoutId) {
        return sql("select " + COLUMNS + " from orders where checkout_id = :checkoutId")
                .param("checkoutId", checkoutId)
                .query(this::map)
                .optional();
    }

    /** Reads the order and locks its row until the transaction ends: every state change goes through this lock. */
    Optional<Order> lock(OrderId id) {
        Order kept = LockedAhead.take(new Kept(id));
        Optional<Order> order = kept != null ? Optional.of(kept)
                : sql("select " + COLUMNS + " from orders where id = :id for update")
                        .param("id", id.value())
                        .query(this::map)
                        .optional();
        order.ifPresent(this::seen);
        return order;
    }

    /**
     * Locks the given orders by one statement, in id order, and keeps them for {@link #lock} ({@link LockedAhead}):
     * for a transaction about to change each of them, one after the other.
     */
    void lockAhead(List<OrderId> ids) {
        sql("select " + COLUMNS + " from orders where id = any(:ids) order by id for update")
                .param("ids", ids.stream().map(OrderId::value).toArray(UUID[]::new))
                .query(this::map)
                .list()
                .forEach(order -> LockedAhead.keep(new Kept(order.id()), order));
    }

    // An order locked ahead.
    private record Kept(OrderId id) {
    }

    /**
     * The order as a batch of listener runs keeps it ({@link BatchReads}: as its transaction last read or wrote it), a
     * copy to change and write with {@link #updateIfUnchanged}; empty outside a batch or when it keeps none.
     */
    Optional<Order> kept(OrderId id) {
        OrderDetails kept = BatchReads.kept(detailsKey(id));
        return kept == null ? Optional.empty() : Optional.of(kept.order().copy());
    }

    /**
     * Writes an order this transaction read under its row lock ({@link #lock}): put off to just before the commit and
     * made there with the transaction's other such updates, by one statement ({@link WrittenBeforeCommit}), and made
     * first by anything that reads or writes orders here before that. The row is locked, so its version can only have
     * moved if this transaction moved it another way; an update that finds it moved fails the commit, which rolls the
     * whole transaction back.
     */
    void update(Order order, Instant now) {
        LockedAhead.forget(new Kept(order.id()));
        Update update = Update.of(order, now, json);
        order.written();
        seen(order);
        WrittenBeforeCommit.write(this, List.of(update), this::updateAll, ownTransaction);
    }

    // An order's columns as they were to be written, with the version they were read at.
    private record Update(UUID id, int version, String status, String paymentStatus, String fulfillmentStatus,
            long amountPaid, long amountAuthorized, long amountRefunded, String reasons, String expiresAt, String paidAt,
            String canceledAt, String at) {

        static Update of(Order order, Instant now, JsonMapper json) {
            return new Update(order.id().value(), order.version(), order.status().wire(), order.paymentStatus().wire(),
                    order.fulfillmentStatus(), order.amountPaid(), order.amountAuthorized(), order.amountRefunded(),
                    json.writeValueAsString(order.attentionReasons().stream().sorted().toList()),
                    order.reservationExpiresAt().toString(), text(order.paidAt()), text(order.canceledAt()),
                    now.toString());
        }

        private static String text(Instant at) {
            return at == null ? null : at.toString();
        }
    }

    // One statement per round (an order updated twice in the transaction is updated twice, in order).
    private void updateAll(List<Update> updates) {
        for (List<Update> round : WrittenBeforeCommit.rounds(updates, Update::id)) {
            int updated = write(round);
            if (updated != round.size()) {
                throw new OptimisticLockingFailureException(round.size() - updated + " of " + round.size()
                        + " orders changed since they were read");
            }
        }
    }

    /**
     * Writes the order unless another transaction has changed it since it was read (its version); false, and
     * nothing written nor locked, if one has. Written, its row is locked until the transaction ends. In a batch of
     * listener runs that go together the write is put off to just before the commit with the updates put off there,
     * and taken to succeed: one that finds the order changed fails the commit, and the batch runs again, each run
     * writing at once ({@link WrittenBeforeCommit#putOffInBatch}).
     */
    boolean updateIfUnchanged(Order order, Instant now) {
        LockedAhead.forget(new Kept(order.id()));
        Update update = Update.of(order, now, json);
        if (!WrittenBeforeCommit.putOffInBatch(this, List.of(update), this::updateAll, ownTransaction)) {
            WrittenBeforeCommit.writeGathered(this);
            if (write(List.of(update)) != 1) {
                return false;
            }
        }
        order.written();
        seen(order);
        return true;
    }

    // The one statement that writes orders' columns: each row only if still at the version it was read at; how many
    // were written. Each order once.
    private int write(List<Update> updates) {
        return jdbc.sql("""
                        update orders o
                           set status = c.status, payment_status = c.payment_status, amount_paid = c.amount_paid,
                               amount_authorized = c.amount_authorized, fulfillment_status = c.fulfillment_status,
                               amount_refunded = c.amount_refunded, reservation_expires_at = c.expires_at,
                               attention_reasons = array(select jsonb_array_elements_text(c.reasons)),
                               paid_at = c.paid_at, canceled_at = c.canceled_at, updated_at = c.at,
                               version = o.version + 1
                          from unnest(:ids, :versions, :statuses, :paymentStatuses, :fulfillmentStatuses,
                                      :amountsPaid, :amountsAuthorized, :amountsRefunded, cast(:reasons as jsonb[]),
                                      cast(:expiresAt as timestamptz[]), cast(:paidAt as timestamptz[]),
                                      cast(:canceledAt as timestamptz[]), cast(:ats as timestamptz[]))
                               as c(id, version, status, payment_status, fulfillment_status, amount_paid,
                                    amount_authorized, amount_refunded, reasons, expires_at, paid_at, canceled_at, at)
                         where o.id = c.id and o.version = c.version""")
                .param("ids", updates.stream().map(Update::id).toArray(UUID[]::new))
                .param("versions", updates.stream().map(Update::version).toArray(Integer[]::new))
                .param("statuses", updates.stream().map(Update::status).toArray(String[]::new))
                .param("paymentStatuses", updates.stream().map(Update::paymentStatus).toArray(String[]::new))
                .param("fulfillmentStatuses", updates.stream().map(Update::fulfillmentStatus).toArray(String[]::new))
                .param("amountsPaid", updates.stream().map(Update::amountPaid).toArray(Long[]::new))
                .param("amountsAuthorized", updates.stream().map(Update::amountAuthorized).toArray(Long[]::new))
                .param("amountsRefunded", updates.stream().map(Update::amountRefunded).toArray(Long[]::new))
                .param("reasons", updates.stream().map(Update::reasons).toArray(String[]::new))
                .param("expiresAt", updates.stream().map(Update::expiresAt).toArray(String[]::new))
                .param("paidAt", updates.stream().map(Update::paidAt).toArray(String[]::new))
                .param("canceledAt", updates.stream().map(Update::canceledAt).toArray(String[]::new))
                .param("ats", updates.stream().map(Update::at).toArray(String[]::new))
                .update();
    }

    /**
     * The key under which a batch of listener runs keeps the order read with its items ({@link BatchReads}). Every
     * change to what it holds goes through {@link #lock} and {@link #update}, which give the batch the row as they
     * read or wrote it, so what the batch keeps is never older than what its transaction saw last.
     */
    static Object detailsKey(OrderId id) {
        return new DetailsKey(id);
    }

    private void seen(Order order) {
        BatchReads.<OrderDetails>refresh(detailsKey(order.id()),
                kept -> new OrderDetails(order.copy(), kept.items(), kept.timeline()));
    }

    private record DetailsKey(OrderId id) {
    }

    /** Claims pending orders whose stock hold has run out, leasing them until {@code leaseUntil}. */
    List<OrderId> claimExpiredHolds(Instant now, Instant leaseUntil, int limit) {
        return sql("""
                update orders set next_expiry_check_at = :leaseUntil
                 where id in (select id from orders
                               where status = 'pending_payment' and reservation_expires_at <= :now
                                 and (next_expiry_check_at is null or next_expiry_check_at <= :now)
                               order by reservation_expires_at limit :limit for update skip locked)
                returning id""")
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query((rs, n) -> OrderId.of(rs.getObject("id", UUID.class)))
                .list();
    }

    /** Claims pending orders not re-read since {@code staleBefore}, counting the attempt on each. */
    List<OrderId> claimStalePending(Instant now, Instant staleBefore, int limit) {
        return sql("""
                update orders set sync_attempts = sync_attempts + 1, last_sync_attempt = :now
                 where id in (select id from orders
                               where status = 'pending_payment' and coalesce(last_sync_attempt, created_at) < :staleBefore
                               order by coalesce(last_sync_attempt, created_at) limit :limit for update skip locked)
                returning id""")
                .param("now", Timestamp.from(now))
                .param("staleBefore", Timestamp.from(staleBefore))
                .param("limit", limit)
                .query((rs, n) -> OrderId.of(rs.getObject("id", UUID.class)))
                .list();
    }

    void checkExpiryAgainAt(OrderId id, Instant at) {
        sql("update orders set next_expiry_check_at = :at where id = :id")
                .param("at", Timestamp.from(at))
                .param("id", id.value())
                .update();
    }

    /** Status and version of the given orders, for change notification. */
    List<OrderManagement.StatusVersion> statuses(java.util.Collection<OrderId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return sql("select id, status, payment_status, fulfillment_status, version from orders where id in (:ids)")
                .param("ids", ids.stream().map(OrderId::value).toList())
                .query((rs, n) -> new OrderManagement.StatusVersion(OrderId.of(rs.getObject("id", UUID.class)),
                        rs.getString("status"), rs.getString("payment_status"), rs.getString("fulfillment_status"),
                        rs.getInt("version")))
                .list();
    }

    /** Orders paid in [from, to] with their numbers. */
    Map<OrderId, String> paidBetween(Instant from, Instant to) {
        Map<OrderId, String> result = new java.util.HashMap<>();
        sql("select id, number from orders where status = 'paid' and paid_at between :from and :to")
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, n) -> result.put(OrderId.of(rs.getObject("id", UUID.class)), rs.getString("number")))
                .list();
        return result;
    }

    /** The order with its items, by one statement; the timeline left out. */
    Optional<OrderDetails> withItems(OrderId id) {
        return sql("select " + JOINED_COLUMNS + """
                        , i.product_id, i.sku, i.name, i.unit_amount, i.quantity, i.line_total
                          from orders o left join order_items i on i.order_id = o.id
                         where o.id = :id
                         order by i.line_no""")
                .param("id", id.value())
                .query(rs -> {
                    Order order = null;
                    List<OrderDetails.Item> items = new ArrayList<>();
                    while (rs.next()) {
                        if (order == null) {
                            order = map(rs, 0);
                        }
                        if (rs.getObject("product_id") != null) {
                            items.add(item(rs));
                        }
                    }
                    return Optional.ofNullable(order).map(found -> new OrderDetails(found, items, List.of()));
                });
    }

    /**
     * The orders {@code :ids} with their items. The items are asked for by the ids themselves, not only through the
     * join: PostgreSQL does not carry an {@code = any} condition across a join, and the generic plan a statement gets
     * once it has run often enough, if the statistics reckon an order has many items, reads every item in the table
     * and hashes them. A short benchmark run met that plan, on statistics that put 68 items on each order (its
     * orders had one each): 13 of the 14 batch reads sampled read all 17,250 items, 2.1 to 6.3 ms each; 32 orders
     * read by the index took 0.26 ms on a copy (docs/benchmarks/issue-18-eighteenth-pass/order-items-plan.md).
     * OrderBatchReadIntegrationTests checks the plan.
     */
    static final String WITH_ITEMS_OF = "select " + JOINED_COLUMNS + """
            , i.product_id, i.sku, i.name, i.unit_amount, i.quantity, i.line_total
              from orders o left join order_items i on i.order_id = o.id and i.order_id = any(:ids)
             where o.id = any(:ids)
             order by o.id, i.line_no""";

    /** The given orders with their items, by one statement, the timeline left out; unknown ids are absent. */
    Map<OrderId, OrderDetails> withItems(Collection<OrderId> ids) {
        Map<OrderId, Order> found = new LinkedHashMap<>();
        Map<OrderId, List<OrderDetails.Item>> items = new HashMap<>();
        sql(WITH_ITEMS_OF)
                .param("ids", ids.stream().map(OrderId::value).distinct().toArray(UUID[]::new))
                .query(rs -> {
                    OrderId id = OrderId.of(rs.getObject("id", UUID.class));
                    if (!found.containsKey(id)) {
                        found.put(id, map(rs, 0));
                        items.put(id, new ArrayList<>());
                    }
                    if (rs.getObject("product_id") != null) {
                        items.get(id).add(item(rs));
                    }
                });
        Map<OrderId, OrderDetails> details = new LinkedHashMap<>();
        found.forEach((id, order) -> details.put(id, new OrderDetails(order, List.copyOf(items.get(id)), List.of())));
        return details;
    }

    List<OrderDetails.Item> items(OrderId id) {
        return sql("""
                select product_id, sku, name, unit_amount, quantity, line_total
                  from order_items where order_id = :id order by line_no""")
                .param("id", id.value())
                .query((rs, n) -> item(rs))
                .list();
    }

    private static OrderDetails.Item item(ResultSet rs) throws SQLException {
        return new OrderDetails.Item(rs.getObject("product_id", UUID.class), rs.getString("sku"), rs.getString("name"),
                rs.getLong("unit_amount"), rs.getInt("quantity"), rs.getLong("line_total"));
    }

    private Order map(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency");
        Array reasons = rs.getArray("attention_reasons");
        return new Order(OrderId.of(rs.getObject("id", UUID.class)), rs.getString("number"), rs.getString("checkout_id"),
                rs.getString("checkout_fingerprint"), Order.Status.fromWire(rs.getString("status")),
                Order.PaymentStatus.fromWire(rs.getString("payment_status")), rs.getString("fulfillment_status"),
                Money.of(rs.getLong("subtotal"), currency), Money.of(rs.getLong("shipping"), currency),
                rs.getLong("amount_authorized"), rs.getLong("amount_paid"), rs.getLong("amount_refunded"),
                rs.getString("email"),
                json.readValue(rs.getString("shipping_address"), ShippingAddress.class),
                new LinkedHashSet<>(Arrays.asList((String[]) reasons.getArray())),
                instant(rs, "reservation_expires_at"), instant(rs, "created_at"), instant(rs, "paid_at"),
                instant(rs, "canceled_at"), rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
