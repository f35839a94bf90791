package dev.checkstand.fulfillment;

import dev.checkstand.common.OrderId;
import dev.checkstand.platform.WrittenBeforeCommit;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The fulfillments table: one row per paid order, claimed for provider calls under a lease (claim_id, leased_until). */
@Repository
class Fulfillments {

    private static final String COLUMNS = """
            order_id, provider, external_id, status, provider_order_id, provider_status, attempts, last_error,
            blocked_products, cancel_requested, next_attempt_at, provider_updated_at, cancel_attempts, claim_id""";

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    Fulfillments(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = WrittenBeforeCommit.ownTransaction(transactions);
    }

    // Every statement but the inserts put off: those are made first, so nothing reads or writes fulfillments missing.
    private JdbcClient.StatementSpec sql(String sql) {
        WrittenBeforeCommit.writeGathered(this);
        return jdbc.sql(sql);
    }

    /** Writes the order's fulfillment unless it has one; true when this call wrote it. */
    boolean insertIfNew(OrderId orderId, String provider, String externalId, FulfillmentStatus status,
            List<UUID> blockedProducts, Instant nextAttemptAt, Instant now) {
        return insert(List.of(New.of(orderId, provider, externalId, status, blockedProducts, nextAttemptAt, now))) == 1;
    }

    /**
     * As {@link #insertIfNew}, for the first start of a paid order's fulfillment, which expects none there: in a batch
     * of listener runs that go together the insert is put off to just before the commit and made there with the
     * batch's others, by one statement, and taken to succeed. One that finds a fulfillment there already fails the
     * commit, and the batch runs again, each run writing at once ({@link WrittenBeforeCommit#putOffInBatch}): the
     * listener that starts it has run before, which is rare. One already put off for the same order in the
     * transaction (its payment announced twice) is taken as there: false, and nothing more put off.
     */
    boolean insertIfNewExpected(OrderId orderId, String provider, String externalId, FulfillmentStatus status,
            List<UUID> blockedProducts, Instant nextAttemptAt, Instant now) {
        New row = New.of(orderId, provider, externalId, status, blockedProducts, nextAttemptAt, now);
        if (WrittenBeforeCommit.<New>gathered(this).stream().anyMatch(put -> put.orderId().equals(row.orderId()))) {
            return false;
        }
        if (WrittenBeforeCommit.putOffInBatch(this, List.of(row), this::insertAll, ownTransaction)) {
            return true;
        }
        return insert(List.of(row)) == 1;
    }

    // A fulfillment to insert, its values as the statement takes them (the blocked products an array literal).
    private record New(UUID orderId, String provider, String externalId, String status, String blocked, String next,
            String at) {

        static New of(OrderId orderId, String provider, String externalId, FulfillmentStatus status,
                List<UUID> blockedProducts, Instant nextAttemptAt, Instant now) {
            return new New(orderId.value(), provider, externalId, status.wire(), blockedProducts.stream()
                    .map(UUID::toString).collect(Collectors.joining(",", "{", "}")),
                    nextAttemptAt == null ? null : nextAttemptAt.toString(), now.toString());
        }
    }

    private void insertAll(List<New> rows) {
        int inserted = insert(rows);
        if (inserted != rows.size()) {
            throw new IllegalStateException(rows.size() - inserted + " of " + rows.size()
                    + " orders put off as new had their fulfillment already");
        }
    }

    // Each row unless its order has a fulfillment; how many were inserted.
    private int insert(List<New> rows) {
        return sql("""
                insert into fulfillments (order_id, provider, external_id, status, blocked_products, next_attempt_at,
                                          created_at, updated_at)
                select n.order_id, n.provider, n.external_id, n.status, cast(n.blocked as uuid[]), n.next, n.at, n.at
                  from unnest(:orderIds, :providers, :externalIds, :statuses, :blocked,
                              cast(:next as timestamptz[]), cast(:at as timestamptz[]))
                       as n(order_id, provider, external_id, status, blocked, next, at)
                on conflict (order_id) do nothing""")
                .param("orderIds", rows.stream().map(New::orderId).toArray(UUID[]::new))
                .param("providers", rows.stream().map(New::provider).toArray(String[]::new))
                .param("externalIds", rows.stream().map(New::externalId).toArray(String[]::new))
                .param("statuses", rows.stream().map(New::status).toArray(String[]::new))
                .param("blocked", rows.stream().map(New::blocked).toArray(String[]::new))
                .param("next", rows.stream().map(New::next).toArray(String[]::new))
                .param("at", rows.stream().map(New::at).toArray(String[]::new))
                .update();
    }

    Optional<Fulfillment> find(OrderId orderId) {
        return sql("select " + COLUMNS + " from fulfillments where order_id = :orderId")
                .param("orderId", orderId.value())
                .query(Fulfillments::map)
                .optional();
    }

    Optional<Fulfillment> byExternalId(String externalId) {
        return sql("select " + COLUMNS + " from fulfillments where external_id = :externalId")
                .param("externalId", externalId)
                .query(Fulfillments::map)
                .optional();
    }

    /** Reads the fulfillment and locks its row until the transaction ends: every change goes through this lock. */
    Optional<Fulfillment> lock(OrderId orderId) {
        return sql("select " + COLUMNS + " from fulfillments where order_id = :orderId for update")
                .param("orderId", orderId.value())
                .query(Fulfillments::map)
                .optional();
    }

    /**
     * Claims due work — a pending submission or a requested cancellation — that no live lease holds, leasing it to a
     * new claim id until {@code leaseUntil}; a submission counts itself in {@code attempts}, a cancellation in
     * {@code cancel_attempts}. Rows claimed elsewhere are skipped, not waited for. With {@code orderId} only that order
     * is claimed, otherwise the oldest due first.
     */
    List<Fulfillment> claimDue(OrderId orderId, Instant now, Instant leaseUntil, int limit) {
        return sql("""
                update fulfillments
                   set claim_id = gen_random_uuid(), leased_until = :leaseUntil,
                       attempts = attempts + case when cancel_requested then 0 else 1 end,
                       cancel_attempts = cancel_attempts + case when cancel_requested then 1 else 0 end
                 where order_id in (select order_id from fulfillments
                                     where (status = 'pending' or cancel_requested) and next_attempt_at <= :now
                                       and (leased_until is null or leased_until <= :now)
                                       and (cast(:orderId as uuid) is null or order_id = cast(:orderId as uuid))
                                     order by next_attempt_at limit :limit
                                     for update skip locked)
                returning\s""" + COLUMNS)
                .param("orderId", orderId == null ? null : orderId.value())
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query(Fulfillments::map)
                .list();
    }

    /**
     * Moves the leases of claims still being worked on to {@code until}, never earlier; a claim given up or taken over
     * (another claim id) is left alone.
     */
    void extendLeases(List<java.util.UUID> claims, Instant until) {
        sql("""
                update fulfillments set leased_until = :until
                 where claim_id = any(:claims) and leased_until < :until""")
                .param("claims", claims.toArray(java.util.UUID[]::new))
                .param("until", Timestamp.from(until))
                .update();
    }

    /**
     * Claims fulfillments to read again from the provider, not read since {@code staleBefore}, marking them read now:
     * the open ones, and for a day those canceled here while a call may have reached the provider (a create that
     * landed after the cancellation would otherwise be made unnoticed).
     */
    List<Fulfillment> claimStale(Instant now, Instant staleBefore, int limit) {
        return sql("""
                update fulfillments set synced_at = :now
                 where order_id in (select order_id from fulfillments
                                     where (status in ('submitted', 'in_production', 'on_hold', 'partially_shipped')
                                            or status = 'canceled' and attempts > 0
                                               and coalesce(provider_status, 'pending') in ('draft', 'pending')
                                               and updated_at > cast(:now as timestamptz) - interval '1 day')
                                       and not cancel_requested
                                       and coalesce(synced_at, updated_at) < :staleBefore
                                     order by coalesce(synced_at, updated_at) limit :limit
                                     for update skip locked)
                returning\s""" + COLUMNS)
                .param("now", Timestamp.from(now))
                .param("staleBefore", Timestamp.from(staleBefore))
                .param("limit", limit)
                .query(Fulfillments::map)
                .list();
    }

    /** The blocked fulfillments waiting for this product. */
    List<OrderId> blockedOn(UUID productId) {
        return sql("select order_id from fulfillments where status = 'blocked' and blocked_products @> array[:id]::uuid[]")
                .param("id", productId)
                .query((rs, n) -> OrderId.of(rs.getObject("order_id", UUID.class)))
                .list();
    }

    /** Writes everything that can change; the caller holds the row lock. */
    void update(Fulfillment f, Instant syncedAt, Instant now) {
        sql("""
                update fulfillments
                   set status = :status, provider_order_id = :providerOrderId, provider_status = :providerStatus,
                       attempts = :attempts, last_error = :lastError, blocked_products = :blocked,
                       cancel_requested = :cancelRequested, cancel_attempts = :cancelAttempts,
                       next_attempt_at = :next, claim_id = :claimId,
                       leased_until = case when cast(:claimId as uuid) is null then null else leased_until end,
                       provider_updated_at = :providerUpdated, synced_at = coalesce(:syncedAt, synced_at),
                       updated_at = :now
                 where order_id = :orderId""")
                .param("status", f.status().wire())
                .param("providerOrderId", f.providerOrderId())
                .param("providerStatus", f.providerStatus())
                .param("attempts", f.attempts())
                .param("lastError", f.lastError())
                .param("blocked", f.blockedProducts().toArray(UUID[]::new))
                .param("cancelRequested", f.cancelRequested())
                .param("cancelAttempts", f.cancelAttempts())
                .param("claimId", f.claimId())
                .param("next", f.nextAttemptAt() == null ? null : Timestamp.from(f.nextAttemptAt()))
                .param("providerUpdated", f.providerUpdatedAt() == null ? null : Timestamp.from(f.providerUpdatedAt()))
                .param("syncedAt", syncedAt == null ? null : Timestamp.from(syncedAt))
                .param("now", Timestamp.from(now))
                .param("orderId", f.orderId().value())
                .update();
    }

    private static Fulfillment map(ResultSet rs, int row) throws SQLException {
        Array blocked = rs.getArray("blocked_products");
        long providerOrderId = rs.getLong("provider_order_id");
        boolean noProviderOrder = rs.wasNull();
        return new Fulfillment(OrderId.of(rs.getObject("order_id", UUID.class)), rs.getString("provider"),
                rs.getString("external_id"), FulfillmentStatus.fromWire(rs.getString("status")),
                noProviderOrder ? null : providerOrderId, rs.getString("provider_status"), rs.getInt("attempts"),
                rs.getString("last_error"), Arrays.asList((UUID[]) blocked.getArray()), rs.getBoolean("cancel_requested"),
                instant(rs, "next_attempt_at"), instant(rs, "provider_updated_at"), rs.getInt("cancel_attempts"),
                rs.getObject("claim_id", UUID.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
