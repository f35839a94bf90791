package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.platform.LockedAhead;
import dev.checkstand.platform.WrittenBeforeCommit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The payment_attempts table: the indexed PaymentIntent / Checkout Session to order link. */
@Repository
class PaymentAttempts {

    private static final String COLUMNS = """
            id, order_id, attempt_no, kind, status, idempotency_key, payment_intent_id, checkout_session_id,
            client_secret, amount, currency, amount_received, last_failure, last_failure_charge, created_at, checkout_url,
            expires_at, success_url, cancel_url, capture_method, amount_authorized, capture_before, amount_to_capture,
            release_reason""";

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    PaymentAttempts(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = WrittenBeforeCommit.ownTransaction(transactions);
    }

    // Every statement but the changes put off: those are made first, so nothing reads or changes an attempt older.
    private JdbcClient.StatementSpec sql(String sql) {
        WrittenBeforeCommit.writeGathered(this);
        return jdbc.sql(sql);
    }

    void insert(PaymentAttempt attempt) {
        insert(attempt, null);
    }

    /** Inserts the attempt; a destination charge to a seller when {@code destination} is given (fixed from now on). */
    void insert(PaymentAttempt attempt, PaymentGateway.Destination destination) {
        sql("""
                insert into payment_attempts (id, order_id, attempt_no, kind, status, idempotency_key, amount, currency,
                                              expires_at, success_url, cancel_url, capture_method, transfer_destination,
                                              application_fee_amount, created_at, updated_at)
                values (:id, :orderId, :attemptNo, :kind, :status, :key, :amount, :currency, :expiresAt, :successUrl,
                        :cancelUrl, :captureMethod, :destination, :fee, :createdAt, :createdAt)""")
                .param("destination", destination == null ? null : destination.accountId())
                .param("fee", destination == null ? null : destination.applicationFee())
                .param("captureMethod", attempt.capture().method())
                .param("id", attempt.id())
                .param("orderId", attempt.orderId().value())
                .param("attemptNo", attempt.attemptNo())
                .param("kind", attempt.kind().wire())
                .param("status", attempt.status().wire())
                .param("key", attempt.idempotencyKey())
                .param("amount", attempt.amount().amount())
                .param("currency", attempt.amount().currency())
                .param("expiresAt", attempt.session() == null ? null : Timestamp.from(attempt.session().expiresAt()))
                .param("successUrl", attempt.session() == null ? null : attempt.session().successUrl())
                .param("cancelUrl", attempt.session() == null ? null : attempt.session().cancelUrl())
                .param("createdAt", Timestamp.from(attempt.createdAt()))
                .update();
    }

    Optional<PaymentAttempt> byId(UUID id) {
        return where("id = :id")
                .param("id", id)
                .query(PaymentAttempts::map)
                .optional();
    }

    Optional<PaymentAttempt> byPaymentIntentId(String paymentIntentId) {
        return where("payment_intent_id = :pi")
                .param("pi", paymentIntentId)
                .query(PaymentAttempts::map)
                .optional();
    }

    Optional<PaymentAttempt> byCheckoutSessionId(String sessionId) {
        return where("checkout_session_id = :session")
                .param("session", sessionId)
                .query(PaymentAttempts::map)
                .optional();
    }

    Optional<PaymentAttempt> latestOf(OrderId orderId) {
        return where("order_id = :orderId order by attempt_no desc limit 1")
                .param("orderId", orderId.value())
                .query(PaymentAttempts::map)
                .optional();
    }

    List<PaymentAttempt> of(OrderId orderId) {
        return where("order_id = :orderId order by attempt_no")
                .param("orderId", orderId.value())
                .query(PaymentAttempts::map)
                .list();
    }

    /** Where the attempt's charge sends its money, when it is a destination charge. */
    Optional<PaymentGateway.Destination> destinationOf(UUID attemptId) {
        return sql("""
                select transfer_destination, application_fee_amount from payment_attempts
                 where id = :id and transfer_destination is not null""")
                .param("id", attemptId)
                .query((rs, row) -> new PaymentGateway.Destination(rs.getString(1), rs.getLong(2)))
                .optional();
    }

    /** Links the PaymentIntent to an attempt that has none yet; false when the attempt is already linked elsewhere. */
    boolean linkPaymentIntent(UUID attemptId, String paymentIntentId, String clientSecret, String status, Instant now) {
        written(attemptId);
        return sql("""
                update payment_attempts
                   set payment_intent_id = :pi, client_secret = coalesce(:secret, client_secret),
                       status = case when status = 'creating' then :status else status end, updated_at = :now
                 where id = :id and (payment_intent_id is null or payment_intent_id = :pi)""")
                .param("pi", paymentIntentId)
                .param("secret", clientSecret)
                .param("status", status)
                .param("now", Timestamp.from(now))
                .param("id", attemptId)
                .update() == 1;
    }

    /**
     * Keeps the recovery job off attempts whose Stripe call this instance is still making: moves their
     * {@code next_recovery_at} to {@code until}, never earlier, while they are {@code creating}.
     */
    void holdOffRecovery(java.util.List<UUID> ids, Instant until) {
        sql("""
                update payment_attempts set next_recovery_at = :until
                 where id = any(:ids) and status = 'creating' and (next_recovery_at is null or next_recovery_at < :until)""")
                .param("ids", ids.toArray(UUID[]::new))
                .param("until", Timestamp.from(until))
                .update();
    }

    /** Records the Checkout Session created for an attempt; false when the attempt has another session already. */
    boolean linkCheckoutSession(UUID attemptId, String sessionId, String url, Instant now) {
        written(attemptId);
        return sql("""
                update payment_attempts
                   set checkout_session_id = :session, checkout_url = coalesce(:url, checkout_url),
                       status = case when status = 'creating' then 'requires_payment_method' else status end,
                       updated_at = :now
                 where id = :id and (checkout_session_id is null or checkout_session_id = :session)""")
                .param("session", sessionId)
                .param("url", url)
                .param("now", Timestamp.from(now))
                .param("id", attemptId)
                .update() == 1;
    }

    /**
     * Writes a guarded status change: only if the attempt is still in the status the change was decided from. False
     * when another writer moved it first — the caller re-reads and decides again; nothing is overwritten.
     */
    boolean save(PaymentAttempt.Change change, Instant now) {
        written(change.attemptId());
        return sql("""
                update payment_attempts
                   set status = :to, amount_received = coalesce(:received, amount_received),
                       last_failure = coalesce(:failure, last_failure),
                       last_failure_charge = coalesce(:failureCharge, last_failure_charge), updated_at = :now
                 where id = :id and status = :from""")
                .param("to", change.to().wire())
                .param("received", change.amountReceived())
                .param("failure", change.failure())
                .param("failureCharge", change.failureCharge())
                .param("now", Timestamp.from(now))
                .param("id", change.attemptId())
                .param("from", change.from().wire())
                .update() == 1;
    }

    /**
     * As {@link #save}, for a change decided while this transaction holds the attempt locked, so that it cannot fail
     * unless this transaction itself moved the attempt meanwhile: put off to just before the commit and made there
     * with the transaction's other such changes, by one statement ({@link WrittenBeforeCommit}), and made first by
     * anything that reads or changes attempts here before that. A change that finds its attempt no longer in the
     * status it was decided from fails the commit, which rolls the whole transaction back.
     */
    void saveLocked(PaymentAttempt.Change change, Instant now) {
        written(change.attemptId());
        WrittenBeforeCommit.write(this, List.of(new Saved(change, now)), this::saveAll, ownTransaction);
    }

    private record Saved(PaymentAttempt.Change change, Instant at) {
    }

    // One statement per round: an attempt changed twice (authorized, then its hold recorded) is changed in two rounds,
    // in the order the changes were made, since one statement changes a row once.
    private void saveAll(List<Saved> saved) {
        for (List<Saved> round : WrittenBeforeCommit.rounds(saved, s -> s.change().attemptId())) {
            int changed = jdbc.sql("""
                            update payment_attempts a
                               set status = c.to_status, amount_received = coalesce(c.received, a.amount_received),
                                   last_failure = coalesce(c.failure, a.last_failure),
                                   last_failure_charge = coalesce(c.failure_charge, a.last_failure_charge),
                                   updated_at = c.at
                              from unnest(:ids, :froms, :tos, :received, :failures, :charges,
                                          cast(:ats as timestamptz[]))
                                   as c(id, from_status, to_status, received, failure, failure_charge, at)
                             where a.id = c.id and a.status = c.from_status""")
                    .param("ids", round.stream().map(s -> s.change().attemptId()).toArray(UUID[]::new))
                    .param("froms", round.stream().map(s -> s.change().from().wire()).toArray(String[]::new))
                    .param("tos", round.stream().map(s -> s.change().to().wire()).toArray(String[]::new))
                    .param("received", round.stream().map(s -> s.change().amountReceived()).toArray(Long[]::new))
                    .param("failures", round.stream().map(s -> s.change().failure()).toArray(String[]::new))
                    .param("charges", round.stream().map(s -> s.change().failureCharge()).toArray(String[]::new))
                    .param("ats", round.stream().map(s -> s.at().toString()).toArray(String[]::new))
                    .update();
            if (changed != round.size()) {
                throw new IllegalStateException(round.size() - changed + " of " + round.size()
                        + " payment attempts left the status their change was decided from while locked");
            }
        }
    }

    /**
     * Records what the order's authorization holds, on the attempt that now holds it: the amount, when Stripe lets it
     * lapse (null when not known yet), and when to look at it ({@code checkAt}).
     */
    void holdAuthorization(UUID attemptId, long amount, Instant captureBefore, Instant checkAt) {
        written(attemptId);
        sql("""
                update payment_attempts set amount_authorized = :amount, capture_before = :captureBefore,
                                            next_capture_check_at = :checkAt
                 where id = :id and status = 'authorized'""")
                .param("amount", amount)
                .param("captureBefore", captureBefore == null ? null : Timestamp.from(captureBefore))
                .param("checkAt", Timestamp.from(checkAt))
                .param("id", attemptId)
                .update();
    }

    /** Records when the authorization lapses, learnt from Stripe, and when to look at it next. */
    void authorizationLapsesAt(UUID attemptId, Instant captureBefore, Instant checkAt) {
        written(attemptId);
        sql("""
                update payment_attempts set capture_before = :captureBefore, next_capture_check_at = :checkAt
                 where id = :id and status = 'authorized'""")
                .param("captureBefore", Timestamp.from(captureBefore))
                .param("checkAt", Timestamp.from(checkAt))
                .param("id", attemptId)
                .update();
    }

    /**
     * Fixes the decision about an authorization before Stripe is called: capture {@code amountToCapture}, or (when it
     * is null) release it for {@code releaseReason}. Only the first decision holds; false when it was decided before
     * or the attempt no longer holds an authorization.
     */
    boolean decide(UUID attemptId, Long amountToCapture, String releaseReason, Instant now, Instant resumeAt) {
        written(attemptId);
        return sql("""
                update payment_attempts set amount_to_capture = :toCapture, release_reason = :reason, updated_at = :now,
                                            next_capture_check_at = :resumeAt
                 where id = :id and status = 'authorized' and amount_to_capture is null and release_reason is null""")
                .param("toCapture", amountToCapture)
                .param("reason", amountToCapture == null ? releaseReason : null)
                .param("now", Timestamp.from(now))
                .param("resumeAt", Timestamp.from(resumeAt))
                .param("id", attemptId)
                .update() == 1;
    }

    /** A capture Stripe refused, of an authorization it still holds: it is to be released instead, for {@code reason}. */
    void redecideRelease(UUID attemptId, String reason, Instant now) {
        written(attemptId);
        sql("""
                update payment_attempts set amount_to_capture = null, release_reason = :reason, updated_at = :now
                 where id = :id and status = 'authorized'""")
                .param("reason", reason)
                .param("now", Timestamp.from(now))
                .param("id", attemptId)
                .update();
    }

    /**
     * Claims authorizations due a look (their lapse is near, or a decided capture or release has not been seen
     * through), leasing each to the caller until {@code leaseUntil}.
     */
    List<UUID> claimDueAuthorizations(Instant now, Instant leaseUntil, int limit) {
        return sql("""
                update payment_attempts set next_capture_check_at = :leaseUntil
                 where id in (select id from payment_attempts
                               where status = 'authorized' and next_capture_check_at <= :now
                               order by next_capture_check_at limit :limit for update skip locked)
                returning id""")
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    /**
     * The attempt of a PaymentIntent, locked for the rest of the transaction: one outcome of it is applied at a time.
     * One the transaction {@link #lockAhead locked ahead} is handed out without a statement, once.
     */
    Optional<PaymentAttempt> lockByPaymentIntentId(String paymentIntentId) {
        UUID id = LockedAhead.take(new KeptIntent(paymentIntentId));
        PaymentAttempt kept = id == null ? null : LockedAhead.take(new Kept(id));
        if (kept != null) {
            return Optional.of(kept);
        }
        return where("payment_intent_id = :pi for update")
                .param("pi", paymentIntentId)
                .query(PaymentAttempts::map)
                .optional();
    }

    /** The attempt, locked for the rest of the transaction. */
    Optional<PaymentAttempt> lock(UUID id) {
        PaymentAttempt kept = LockedAhead.take(new Kept(id));
        if (kept != null) {
            return Optional.of(kept);
        }
        return where("id = :id for update")
                .param("id", id)
                .query(PaymentAttempts::map)
                .optional();
    }

    /**
     * Locks the attempts of the given PaymentIntents by one statement, in id order, and keeps them for
     * {@link #lockByPaymentIntentId} ({@link LockedAhead}); those of PaymentIntents no attempt knows yet are left to
     * be linked one by one. The orders they pay, for the caller to lock after them.
     */
    List<OrderId> lockAhead(Collection<String> paymentIntentIds) {
        List<PaymentAttempt> locked = where("payment_intent_id = any(:pis) order by id for update")
                .param("pis", paymentIntentIds.toArray(String[]::new))
                .query(PaymentAttempts::map)
                .list();
        for (PaymentAttempt attempt : locked) {
            if (LockedAhead.keep(new Kept(attempt.id()), attempt)) {
                LockedAhead.keep(new KeptIntent(attempt.paymentIntentId()), attempt.id());
            }
        }
        return locked.stream().map(PaymentAttempt::orderId).distinct().toList();
    }

    // An attempt locked ahead, and which attempt a PaymentIntent's is.
    private record Kept(UUID attemptId) {
    }

    private record KeptIntent(String paymentIntentId) {
    }

    // Called by every write of an attempt's columns: an attempt kept is never handed out older than written.
    private static void written(UUID attemptId) {
        LockedAhead.forget(new Kept(attemptId));
    }

    /**
     * Every attempt of the order, locked in attempt order for the rest of the transaction: whatever decides on all
     * of an order's payments (cancel, expire, open another) does so while none of them can change. Attempts are
     * always locked before the order's row, never after it.
     */
    List<PaymentAttempt> lockAllOf(OrderId orderId) {
        return where("order_id = :orderId order by attempt_no for update")
                .param("orderId", orderId.value())
                .query(PaymentAttempts::map)
                .list();
    }

    /**
     * Claims attempts still {@code creating} (Stripe never answered, or the process died before recording it) that
     * are older than {@code createdBefore}, leasing them so no other instance recovers them at the same time.
     */
    List<UUID> claimStaleCreating(Instant now, Instant createdBefore, Instant leaseUntil, int limit) {
        return sql("""
                update payment_attempts set next_recovery_at = :leaseUntil, recovery_attempts = recovery_attempts + 1
                 where id in (select id from payment_attempts
                               where status = 'creating' and payment_intent_id is null and checkout_session_id is null
                                 and created_at < :createdBefore
                                 and (next_recovery_at is null or next_recovery_at <= :now)
                               order by created_at limit :limit for update skip locked)
                returning id""")
                .param("now", Timestamp.from(now))
                .param("createdBefore", Timestamp.from(createdBefore))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    void recoverAt(UUID attemptId, Instant next) {
        sql("update payment_attempts set next_recovery_at = :next where id = :id")
                .param("next", Timestamp.from(next))
                .param("id", attemptId)
                .update();
    }

    int recoveryAttempts(UUID attemptId) {
        return sql("select recovery_attempts from payment_attempts where id = :id")
                .param("id", attemptId).query(Integer.class).single();
    }

    /** The attempts of the given PaymentIntents that this service knows. */
    List<PaymentAttempt> byPaymentIntentIds(Collection<String> paymentIntentIds) {
        if (paymentIntentIds.isEmpty()) {
            return List.of();
        }
        return where("payment_intent_id in (:ids)")
                .param("ids", paymentIntentIds)
                .query(PaymentAttempts::map)
                .list();
    }

    /** The attempts that paid the given orders. */
    List<PaymentAttempt> paidOf(Collection<OrderId> orderIds) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return where("order_id in (:ids) and status = 'succeeded'")
                .param("ids", orderIds.stream().map(OrderId::value).toList())
                .query(PaymentAttempts::map)
                .list();
    }

    /** Attempts created before {@code olderThan} that Stripe has still not answered, oldest first. */
    List<UUID> creatingSince(Instant olderThan, int limit) {
        return sql("select id from payment_attempts where status = 'creating' and created_at < :t order by created_at limit :limit")
                .param("t", Timestamp.from(olderThan))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    // A query of whole attempts.
    private JdbcClient.StatementSpec where(String condition) {
        return sql("select " + COLUMNS + " from payment_attempts where " + condition);
    }

    private static PaymentAttempt map(ResultSet rs, int row) throws SQLException {
        return new PaymentAttempt(rs.getObject("id", UUID.class), OrderId.of(rs.getObject("order_id", UUID.class)),
                rs.getInt("attempt_no"), PaymentAttempt.Kind.valueOf(rs.getString("kind").toUpperCase()),
                PaymentAttempt.Status.fromWire(rs.getString("status")), rs.getString("idempotency_key"),
                rs.getString("payment_intent_id"), rs.getString("checkout_session_id"), rs.getString("client_secret"),
                Money.of(rs.getLong("amount"), rs.getString("currency")), rs.getLong("amount_received"),
                rs.getString("last_failure"), rs.getString("last_failure_charge"),
                rs.getTimestamp("created_at").toInstant(), session(rs), capture(rs));
    }

    private static PaymentAttempt.Capture capture(ResultSet rs) throws SQLException {
        Timestamp captureBefore = rs.getTimestamp("capture_before");
        long toCapture = rs.getLong("amount_to_capture");
        Long amountToCapture = rs.wasNull() ? null : toCapture;
        return new PaymentAttempt.Capture("manual".equals(rs.getString("capture_method")),
                rs.getLong("amount_authorized"), captureBefore == null ? null : captureBefore.toInstant(),
                amountToCapture, rs.getString("release_reason"));
    }

    private static PaymentAttempt.Session session(ResultSet rs) throws SQLException {
        Timestamp expiresAt = rs.getTimestamp("expires_at");
        if (!"checkout_session".equals(rs.getString("kind")) || expiresAt == null) {
            return null;
        }
        return new PaymentAttempt.Session(rs.getString("checkout_url"), expiresAt.toInstant(),
                rs.getString("success_url"), rs.getString("cancel_url"));
    }
}
