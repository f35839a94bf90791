package dev.checkstand.refund;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The refunds table, and the lock that decides one order's refunds at a time. */
@Repository
class Refunds {

    private static final String COLUMNS = """
            id, order_id, attempt_id, stripe_refund_id, amount, currency, status, reason, source, idempotency_key,
            failure_reason, created_at""";

    // The first key of this module's advisory locks; the second is the order's.
    private static final int LOCK_SPACE = 0x52464e44;

    private final JdbcClient jdbc;

    Refunds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Holds the order's refund lock until the transaction ends: refundable amounts and refunded totals of one order
     * are decided by one transaction at a time (a transaction-scoped advisory lock, so this module takes no lock on
     * another module's rows).
     */
    void lockOrder(OrderId orderId) {
        jdbc.sql("select pg_advisory_xact_lock(:space, :key)")
                .param("space", LOCK_SPACE)
                .param("key", orderId.value().hashCode())
                .query((rs, n) -> 1)
                .single();
    }

    /** Inserts a refund about to be requested; false when its idempotency key was used already. */
    boolean insertCreating(Refund refund, Instant now) {
        return insertCreating(refund, null, "[]", now, now);
    }

    /**
     * {@code recoverFrom}: when the recovery job may first take the refund's call; a caller that calls Stripe itself
     * right after its commit gives it a lease, so the job cannot take the call between that commit and its claim.
     */
    boolean insertCreating(Refund refund, String requestHash, String restockJson, Instant now, Instant recoverFrom) {
        return jdbc.sql("""
                insert into refunds (id, order_id, attempt_id, amount, currency, status, reason, source,
                                     idempotency_key, request_hash, restock, next_recovery_at, recovery_attempts,
                                     created_at, updated_at)
                values (:id, :orderId, :attemptId, :amount, :currency, 'creating', :reason, :source, :key, :hash,
                        cast(:restock as jsonb), :recoverFrom, :attempts, :now, :now)
                on conflict (idempotency_key) do nothing""")
                .param("recoverFrom", Timestamp.from(recoverFrom))
                // A leased insert is the call's first claim, and counts as one.
                .param("attempts", recoverFrom.isAfter(now) ? 1 : 0)
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
                .param("status", refund.status().wire())
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

    /**
     * Writes a guarded status change (and links Stripe's id): only if the refund is still in the status the change
     * was decided from and not linked to another Stripe refund. False when it was not: nothing is overwritten.
     */
    boolean save(Refund.Change change, Instant now) {
        return jdbc.sql("""
                update refunds set stripe_refund_id = coalesce(stripe_refund_id, :stripeId), status = :to,
                                   failure_reason = coalesce(:failure, failure_reason), next_recovery_at = null,
                                   updated_at = :now
                 where id = :id and status = :from and (stripe_refund_id is null or stripe_refund_id = :stripeId)""")
                .param("stripeId", change.stripeRefundId())
                .param("to", change.to().wire())
                .param("failure", change.failureReason())
                .param("now", Timestamp.from(now))
                .param("id", change.refundId())
                .param("from", change.from().wire())
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

    /** Money Stripe has accepted to return, per attempt, for the attempts given that have any. */
    Map<UUID, Long> returnedByAttempt(Collection<UUID> attemptIds) {
        Map<UUID, Long> result = new HashMap<>();
        if (attemptIds.isEmpty()) {
            return result;
        }
        jdbc.sql("""
                select attempt_id, sum(amount) as returned from refunds
                 where attempt_id in (:ids) and status in ('pending', 'requires_action', 'succeeded')
                 group by attempt_id""")
                .param("ids", attemptIds)
                .query((rs, n) -> result.put(rs.getObject("attempt_id", UUID.class), rs.getLong("returned")))
                .list();
        return result;
    }

    /** Refunds written before {@code olderThan} that Stripe has still not answered, oldest first. */
    List<UUID> creatingSince(Instant olderThan, int limit) {
        return jdbc.sql("select id from refunds where status = 'creating' and created_at < :t order by created_at limit :limit")
                .param("t", Timestamp.from(olderThan))
                .param("limit", limit)
                .query(UUID.class)
                .list();
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
    /** Moves the leases of refunds whose call is still under way to {@code until}, never earlier. */
    void extendLeases(List<UUID> ids, Instant until) {
        jdbc.sql("""
                update refunds set next_recovery_at = :until
                 where id = any(:ids) and status = 'creating' and next_recovery_at < :until""")
                .param("ids", ids.toArray(UUID[]::new))
                .param("until", Timestamp.from(until))
                .update();
    }

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
                Money.of(rs.getLong("amount"), rs.getString("currency")), Refund.Status.fromWire(rs.getString("status")),
                rs.getString("reason"),
                rs.getString("source"), rs.getString("idempotency_key"), rs.getString("failure_reason"),
                rs.getTimestamp("created_at").toInstant());
    }
}
