package dev.checkstand.refund;

import dev.checkstand.common.EmailMask;
import dev.checkstand.common.LogContext;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.RefundSnapshot;
import dev.checkstand.platform.LeaseKeeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends refunds recorded in state {@code creating} to Stripe with their own idempotency key and records the answer.
 * An ambiguous answer leaves the refund {@code creating}; the recovery job repeats the call with the same key.
 */
@Component
class RefundCalls implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RefundCalls.class);

    private final Refunds refunds;
    private final PaymentQueries payments;
    private final PaymentGateway gateway;
    private final RefundOutcomes outcomes;
    private final Clock clock;
    // Refunds whose call is under way here: their lease is renewed until Stripe answers (or the call gives up).
    private final LeaseKeeper<UUID> inFlight;

    RefundCalls(Refunds refunds, PaymentQueries payments, PaymentGateway gateway, RefundOutcomes outcomes, Clock clock,
            RecoverySettings settings) {
        this.refunds = refunds;
        this.payments = payments;
        this.gateway = gateway;
        this.outcomes = outcomes;
        this.clock = clock;
        this.inFlight = new LeaseKeeper<>("refund", settings.grace(),
                ids -> refunds.extendLeases(ids, clock.instant().plus(settings.grace())));
    }

    /** How long a claim holds a refund before another caller may repeat its call. */
    Duration lease() {
        return inFlight.lease();
    }

    @Override
    public void destroy() {
        inFlight.close();
    }

    /** Claims the refund (one auto-committed statement, so no other caller repeats it now) and calls Stripe for it. */
    void callNow(UUID refundId) {
        Instant now = clock.instant();
        if (refunds.claim(refundId, now, now.plus(lease()))) {
            call(refundId);
        }
    }

    /** Calls Stripe for a claimed refund and records the answer. */
    void call(UUID refundId) {
        Refund refund = refunds.byId(refundId).orElseThrow();
        if (refund.status() != Refund.Status.CREATING) {
            return;
        }
        try (LogContext.Scope scope = LogContext.order(refund.orderId());
                LeaseKeeper<UUID>.Hold hold = inFlight.hold(List.of(refund.id()))) {
            call(refund);
        }
    }

    private void call(Refund refund) {
        PaymentAttempt attempt = payments.attempt(refund.attemptId()).orElseThrow();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("order_id", refund.orderId().toString());
        metadata.put("refund_id", refund.id().toString());
        Source source = "admin".equals(refund.source()) ? Source.ADMIN : Source.SYSTEM;
        gateway.createRefund(new PaymentGateway.NewRefund(attempt.paymentIntentId(), refund.amount().amount(),
                refund.reason(), refund.idempotencyKey(), metadata,
                payments.destinationOf(attempt.id()).orElse(null))).fold(answer -> {
                    // Ours, even before Stripe's refund id is linked: the answer carries our refund's id.
                    Map<String, String> ours = new LinkedHashMap<>(answer.metadata());
                    ours.put("refund_id", refund.id().toString());
                    outcomes.apply(new RefundSnapshot(answer.id(), answer.paymentIntentId(), answer.amount(),
                            answer.currency(), answer.status(), answer.reason(), answer.failureReason(), ours), source);
                    return null;
                }, rejected -> {
                    log.warn("Stripe refused refund {} of order {}: {}", refund.id(), refund.orderId(),
                            EmailMask.in(rejected.message()));
                    outcomes.refused(refund, String.valueOf(rejected.code()), source);
                    return null;
                }, indeterminate -> {
                    int tries = refunds.recoveryAttempts(refund.id());
                    Duration backoff = Duration.ofSeconds(Math.min(600, 1L << Math.min(tries, 9)));
                    refunds.retryAt(refund.id(), clock.instant().plus(backoff));
                    return null;
                });
    }
}
