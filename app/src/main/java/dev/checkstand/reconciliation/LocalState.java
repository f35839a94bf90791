package dev.checkstand.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read-only questions the audit asks of the local books (reporting queries across the payment and order tables). */
@Repository
class LocalState {

    private final JdbcClient jdbc;

    LocalState(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** PaymentIntent id → order status, for the given PaymentIntents this service knows. */
    Map<String, String> orderStatusByPaymentIntent(List<String> paymentIntentIds) {
        Map<String, String> result = new HashMap<>();
        if (paymentIntentIds.isEmpty()) {
            return result;
        }
        jdbc.sql("""
                select a.payment_intent_id, o.status from payment_attempts a join orders o on o.id = a.order_id
                 where a.payment_intent_id in (:ids)""")
                .param("ids", paymentIntentIds)
                .query((rs, n) -> result.put(rs.getString(1), rs.getString(2)))
                .list();
        return result;
    }

    /** Paid orders (paid in the window) and the PaymentIntent that paid each. */
    Map<String, String> paidOrdersByPaymentIntent(Instant from, Instant to) {
        Map<String, String> result = new HashMap<>();
        jdbc.sql("""
                select a.payment_intent_id, o.number from orders o
                  join payment_attempts a on a.order_id = o.id and a.status = 'succeeded'
                 where o.status = 'paid' and o.paid_at between :from and :to and a.payment_intent_id is not null""")
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, n) -> result.put(rs.getString(1), rs.getString(2)))
                .list();
        return result;
    }

    /** Money this service counts as returned per PaymentIntent, for the given PaymentIntents. */
    Map<String, Long> refundedByPaymentIntent(List<String> paymentIntentIds) {
        Map<String, Long> result = new HashMap<>();
        if (paymentIntentIds.isEmpty()) {
            return result;
        }
        jdbc.sql("""
                select a.payment_intent_id, coalesce(sum(r.amount), 0) from payment_attempts a
                  join refunds r on r.attempt_id = a.id and r.status in ('pending', 'requires_action', 'succeeded')
                 where a.payment_intent_id in (:ids) group by a.payment_intent_id""")
                .param("ids", paymentIntentIds)
                .query((rs, n) -> result.put(rs.getString(1), rs.getLong(2)))
                .list();
        return result;
    }

    List<String> attemptsStuckCreating(Instant olderThan) {
        return jdbc.sql("select id::text from payment_attempts where status = 'creating' and created_at < :t order by created_at limit 1000")
                .param("t", Timestamp.from(olderThan)).query(String.class).list();
    }

    List<String> refundsStuckCreating(Instant olderThan) {
        return jdbc.sql("select id::text from refunds where status = 'creating' and created_at < :t order by created_at limit 1000")
                .param("t", Timestamp.from(olderThan)).query(String.class).list();
    }

    List<String> reservationsPastExpiry(Instant expiredBefore) {
        return jdbc.sql("""
                select distinct order_id::text from reservations where status = 'active' and expires_at < :t limit 1000""")
                .param("t", Timestamp.from(expiredBefore)).query(String.class).list();
    }

    List<String> orphanedPayments() {
        return jdbc.sql("select payment_intent_id from orphaned_payments where resolved_at is null order by first_seen_at limit 1000")
                .query(String.class).list();
    }
}
