package dev.checkstand.payment;

import dev.checkstand.order.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends refunds recorded in state {@code creating} to Stripe with their own idempotency key and records the answer.
 * An ambiguous answer leaves the refund {@code creating}; the recovery job repeats the call with the same key.
 */
@Component
class RefundCalls {

    private static final Logger log = LoggerFactory.getLogger(RefundCalls.class);
    static final Duration LEASE = Duration.ofMinutes(1);

    private final Refunds refunds;
    private final PaymentAttempts attempts;
    private final PaymentGateway gateway;
    private final RefundOutcomes outcomes;
    private final PaymentInfrastructure infra;

    RefundCalls(Refunds refunds, PaymentAttempts attempts, PaymentGateway gateway, RefundOutcomes outcomes,
            PaymentInfrastructure infra) {
        this.refunds = refunds;
        this.attempts = attempts;
        this.gateway = gateway;
        this.outcomes = outcomes;
        this.infra = infra;
    }

    /** Calls Stripe for the refund once the current transaction commits. */
    void callAfterCommit(UUID refundId) {
        AfterCommit.execute(infra.executor(), () -> {
            Instant now = infra.clock().instant();
            if (Boolean.TRUE.equals(infra.transactions().execute(tx -> refunds.claim(refundId, now, now.plus(LEASE))))) {
                call(refundId);
            }
        });
    }

    /** Claims the refund and calls Stripe for it now, in the caller's thread. */
    void callNow(UUID refundId) {
        Instant now = infra.clock().instant();
        if (Boolean.TRUE.equals(infra.transactions().execute(tx -> refunds.claim(refundId, now, now.plus(LEASE))))) {
            call(refundId);
        }
    }

    /** Calls Stripe for a claimed refund and records the answer. */
    void call(UUID refundId) {
        Refund refund = refunds.byId(refundId).orElseThrow();
        if (!"creating".equals(refund.status())) {
            return;
        }
        PaymentAttempt attempt = attempts.byId(refund.attemptId()).orElseThrow();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PaymentOutcomes.ORDER_ID, refund.orderId().toString());
        metadata.put("refund_id", refund.id().toString());
        GatewayResult<RefundSnapshot> result = gateway.createRefund(new PaymentGateway.NewRefund(
                attempt.paymentIntentId(), refund.amount().amount(), refund.reason(), refund.idempotencyKey(), metadata));
        Source source = "admin".equals(refund.source()) ? Source.ADMIN : Source.SYSTEM;
        if (result instanceof GatewayResult.Succeeded<RefundSnapshot> created) {
            RefundSnapshot answer = created.value();
            Map<String, String> ours = new LinkedHashMap<>(answer.metadata());
            ours.put("refund_id", refund.id().toString());
            outcomes.apply(new RefundSnapshot(answer.id(), answer.paymentIntentId(), answer.amount(), answer.currency(),
                    answer.status(), answer.reason(), answer.failureReason(), ours), source);
        } else if (result instanceof GatewayResult.Rejected<RefundSnapshot> rejected) {
            log.warn("Stripe refused refund {} of order {}: {}", refund.id(), refund.orderId(), rejected.message());
            outcomes.refused(refund, String.valueOf(rejected.code()), source);
        } else {
            int tries = refunds.recoveryAttempts(refund.id());
            Duration backoff = Duration.ofSeconds(Math.min(600, 1L << Math.min(tries, 9)));
            refunds.retryAt(refund.id(), infra.clock().instant().plus(backoff));
        }
    }
}
