package dev.checkstand.payment;

import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Succeeded payments that match no order: kept for an admin, never dropped (invariant 2). */
@Repository
class OrphanedPayments {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrphanedPayments(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void record(PaymentIntentSnapshot pi, String source, Instant now) {
        jdbc.sql("""
                insert into orphaned_payments (payment_intent_id, status, amount_received, currency, metadata, source,
                                               first_seen_at, last_seen_at)
                values (:pi, :status, :received, :currency, cast(:metadata as jsonb), :source, :now, :now)
                on conflict (payment_intent_id) do update
                   set status = excluded.status, amount_received = excluded.amount_received, last_seen_at = excluded.last_seen_at""")
                .param("pi", pi.id())
                .param("status", pi.status())
                .param("received", pi.amountReceived())
                .param("currency", pi.currency())
                .param("metadata", json.writeValueAsString(pi.metadata()))
                .param("source", source)
                .param("now", Timestamp.from(now))
                .update();
    }

    List<OrphanedPayment> unresolved() {
        return jdbc.sql("""
                select payment_intent_id, status, amount_received, currency, source, first_seen_at, last_seen_at
                  from orphaned_payments where resolved_at is null order by first_seen_at desc limit 500""")
                .query((rs, n) -> new OrphanedPayment(rs.getString("payment_intent_id"), rs.getString("status"),
                        rs.getLong("amount_received"), rs.getString("currency"), rs.getString("source"),
                        rs.getTimestamp("first_seen_at").toInstant(), rs.getTimestamp("last_seen_at").toInstant()))
                .list();
    }
}
