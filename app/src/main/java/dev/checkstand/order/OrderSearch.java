package dev.checkstand.order;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import dev.checkstand.common.OrderId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin's order list: newest first, filtered by status and payment status, and searched by number, email, or
 * the order a payment id belongs to (the caller resolves payment ids through the payment module).
 */
@Service
@Transactional(readOnly = true)
public class OrderSearch {

    private static final String WHERE = """
             where (cast(:status as text) is null or o.status = :status)
               and (cast(:paymentStatus as text) is null or o.payment_status = :paymentStatus)
               and (cast(:fulfillmentStatus as text) is null or o.fulfillment_status = :fulfillmentStatus)
               and (cast(:needsAttention as boolean) is null
                    or (cardinality(o.attention_reasons) > 0) = cast(:needsAttention as boolean))
               and (cast(:q as text) is null or o.number = upper(:q) or lower(o.email) = lower(:q)
                    or o.id = cast(:matched as uuid))""";

    private final JdbcClient jdbc;

    OrderSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One page of orders; {@code q} also matches the order {@code matched}, when given. */
    public List<Row> page(String status, String paymentStatus, String q, OrderId matched, int page, int size) {
        return page(new Filter(status, paymentStatus, null, null, q, matched), page, size);
    }

    /** One page of the orders the filter matches, newest first. */
    public List<Row> page(Filter filter, int page, int size) {
        return filter.bind(jdbc.sql("""
                select o.id, o.number, o.status, o.payment_status, o.fulfillment_status, o.total, o.currency, o.email,
                       cardinality(o.attention_reasons) > 0 as needs_attention, o.created_at, o.paid_at
                  from orders o""" + " " + WHERE + " order by o.created_at desc limit :size offset :offset"))
                .param("size", size)
                .param("offset", (long) page * size)
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("number"), rs.getString("status"),
                        rs.getString("payment_status"), rs.getString("fulfillment_status"), rs.getLong("total"), rs.getString("currency"), rs.getString("email"),
                        rs.getBoolean("needs_attention"), rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("paid_at"))))
                .list();
    }

    /** How many orders the same filters match. */
    public long count(String status, String paymentStatus, String q, OrderId matched) {
        return count(new Filter(status, paymentStatus, null, null, q, matched));
    }

    /** How many orders the filter matches. */
    public long count(Filter filter) {
        return filter.bind(jdbc.sql("select count(*) from orders o " + WHERE)).query(Long.class).single();
    }

    /**
     * Which orders: each field null for "any"; {@code q} matches the number or email, and also the order
     * {@code matched} (the one a PaymentIntent or session id named).
     */
    public record Filter(String status, String paymentStatus, String fulfillmentStatus, Boolean needsAttention, String q,
            OrderId matched) {

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
            return statement.param("status", status)
                    .param("paymentStatus", paymentStatus)
                    .param("fulfillmentStatus", fulfillmentStatus)
                    .param("needsAttention", needsAttention)
                    .param("q", q)
                    .param("matched", matched == null ? null : matched.value());
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** One order in the list. */
    public record Row(UUID id, String number, String status, String paymentStatus, String fulfillmentStatus, long total,
            String currency, String email,
            boolean needsAttention, Instant createdAt, Instant paidAt) {
    }
}
