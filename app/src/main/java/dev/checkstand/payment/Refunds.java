package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The refunds table. */
@Repository
class Refunds {

    private static final String COLUMNS = """
            id, order_id, attempt_id, stripe_refund_id, amount, currency, status, reason, source, idempotency_key,
            failure_reason, created_at""";

    private final JdbcClient jdbc;

    Refunds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a refund about to be requested; false when its idempotency key was used already. */
    boolean insertCreating(Refund refund, Instant now) {
        return insertCreating(refund, null, "[]", now);
    }

    boolean insertCreating(Refund refund, String requestHash, String restockJson, Instant now) {
        return jdbc.sql("""
                insert into refunds (id, order_id, attempt_id, amount, currency, status, reason, source,
                                     idempotency_key, request_hash, restock, next_recovery_at, created_at, updated_at)
                values (:id, :orderId, :attemptId, :amount, :currency, 'creating', :reason, :source, :key, :hash,
                        cast(:restock as jsonb), :now, :now, :now)
                on conflict (idempotency_key) do nothing""")
                .param("hash", requestHash)
                .param("restock", restockJson)
                .param("id", refund.id())
                .param("orderId", refund.orderId().value())
                .param("attemptId", refund.attemptId())
                .param("amount", refund.amount().amount())
                .param("currency", refund.amount().currency())
                .param("reason", refund.reason())
                .param("source", refund.source())
                .param("key", refund.idempotencyKey())
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Records a refund Stripe made without this service asking (the dashboard, another system). */
    void insertFromStripe(Refund refund, Instant now) {
        jdbc.sql("""
                insert into refunds (id, order_id, attempt_id, stripe_refund_id, amount, currency, status, reason, source,
                                     failure_reason, created_at, updated_at)
                values (:id, :orderId, :attemptId, :stripeId, :amount, :currency, :status, :reason, 'stripe', :failure,
                        :now, :now)""")
                .param("id", refund.id())
                .param("orderId", refund.orderId().value())
                .param("attemptId", refund.attemptId())
                .param("stripeId", refund.stripeRefundId())
                .param("amount", refund.amount().amount())
                .param("currency", refund.amount().currency())
                .param("status", refund.status())
                .param("reason", refund.reason())
                .param("failure", refund.failureReason())
                .param("now", Timestamp.from(now))
                .update();
    }

    Optional<Refund> byStripeId(String stripeRefundId) {
        return jdbc.sql("select " + COLUMNS + " from refunds where stripe_refund_id = :id")
                .param("id", stripeRefundId).query(Refunds::map).optional();
    }

    Optional<Refund> byIdempotencyKey(String key) {
        return jdbc.sql("select " + COLUMNS + " from refunds where idempotency_key = :key")
                .param("key", key).query(Refunds::map).optional();
    }

    Optional<String> requestHash(UUID id) {
        return jdbc.sql("select request_hash from refunds where id = :id").param("id", id).query(String.class).optional();
    }

    /** Moves a refund forward to Stripe's status (and links Stripe's id); a step back is ignored. */
    boolean advance(UUID id, String stripeRefundId, String status, String failureReason, Instant now) {
        return jdbc.sql("""
                update refunds set stripe_refund_id = coalesce(stripe_refund_id, :stripeId), status = :status,
                                   failure_reason = coalesce(:failure, failure_reason), next_recovery_at = null,
                                   updated_at = :now
                 where id = :id and (stripe_refund_id is null or stripe_refund_id = :stripeId)
                   and (case status when 'creating' then 0 when 'pending' then 1 when 'requires_action' then 1
                                    when 'succeeded' then 2 else 3 end)
                     < (case cast(:status as text) when 'creating' then 0 when 'pending' then 1
                                    when 'requires_action' then 1 when 'succeeded' then 2 else 3 end)""")
                .param("stripeId", stripeRefundId)
                .param("status", status)
                .param("failure", failureReason)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update() == 1;
    }

    /** Money promised back from an attempt: every refund that has not failed or been canceled, answered or not. */
    long committedTotal(UUID attemptId) {
        return jdbc.sql("select coalesce(sum(amount), 0) from refunds where attempt_id = :id and status not in ('failed', 'canceled')")
                .param("id", attemptId).query(Long.class).single();
    }

    /** Money Stripe has accepted to return from an attempt: pending, requiring action or succeeded. */
    long returnedTotal(UUID attemptId) {
        return jdbc.sql("""
                select coalesce(sum(amount), 0) from refunds
                 where attempt_id = :id and status in ('pending', 'requires_action', 'succeeded')""")
                .param("id", attemptId).query(Long.class).single();
    }

    Optional<Refund> byId(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from refunds where id = :id").param("id", id).query(Refunds::map).optional();
    }

    List<Refund> of(OrderId orderId) {
        return jdbc.sql("select " + COLUMNS + " from refunds where order_id = :orderId order by created_at")
                .param("orderId", orderId.value())
                .query(Refunds::map)
                .list();
    }


    /** Claims refunds whose Stripe call has not been answered, leasing them so no other instance repeats it now. */
    List<UUID> claimCreating(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                update refunds set next_recovery_at = :leaseUntil, recovery_attempts = recovery_attempts + 1
                 where id in (select id from refunds where status = 'creating' and next_recovery_at <= :now
                               order by next_recovery_at limit :limit for update skip locked)
                returning id""")
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    /** Claims one refund for an immediate call. */
    boolean claim(UUID id, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                update refunds set next_recovery_at = :leaseUntil, recovery_attempts = recovery_attempts + 1
                 where id = (select id from refunds where id = :id and status = 'creating' and next_recovery_at <= :now
                             for update skip locked)""")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .update() == 1;
    }

    void retryAt(UUID id, Instant next) {
        jdbc.sql("update refunds set next_recovery_at = :next where id = :id and status = 'creating'")
                .param("next", Timestamp.from(next))
                .param("id", id)
                .update();
    }

    int recoveryAttempts(UUID id) {
        return jdbc.sql("select recovery_attempts from refunds where id = :id").param("id", id).query(Integer.class).single();
    }

    private static Refund map(ResultSet rs, int row) throws SQLException {
        return new Refund(rs.getObject("id", UUID.class), OrderId.of(rs.getObject("order_id", UUID.class)),
                rs.getObject("attempt_id", UUID.class), rs.getString("stripe_refund_id"),
                Money.of(rs.getLong("amount"), rs.getString("currency")), rs.getString("status"), rs.getString("reason"),
                rs.getString("source"), rs.getString("idempotency_key"), rs.getString("failure_reason"),
                rs.getTimestamp("created_at").toInstant());
    }
}
