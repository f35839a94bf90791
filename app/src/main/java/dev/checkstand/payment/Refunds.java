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
        return jdbc.sql("""
                insert into refunds (id, order_id, attempt_id, amount, currency, status, reason, source,
                                     idempotency_key, next_recovery_at, created_at, updated_at)
                values (:id, :orderId, :attemptId, :amount, :currency, 'creating', :reason, :source, :key, :now, :now, :now)
                on conflict (idempotency_key) do nothing""")
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

    Optional<Refund> byId(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from refunds where id = :id").param("id", id).query(Refunds::map).optional();
    }

    List<Refund> of(OrderId orderId) {
        return jdbc.sql("select " + COLUMNS + " from refunds where order_id = :orderId order by created_at")
                .param("orderId", orderId.value())
                .query(Refunds::map)
                .list();
    }

    /** Records Stripe's answer; only a refund still waiting for it changes. */
    boolean recordCreated(UUID id, String stripeRefundId, String status, String failureReason, Instant now) {
        return jdbc.sql("""
                update refunds set stripe_refund_id = :stripeId, status = :status, failure_reason = :failure,
                                   next_recovery_at = null, updated_at = :now
                 where id = :id and status = 'creating'""")
                .param("stripeId", stripeRefundId)
                .param("status", status)
                .param("failure", failureReason)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update() == 1;
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
