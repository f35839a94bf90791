package dev.checkstand.payment;

import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Order;
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
    private final OrderManagement orders;
    private final PaymentInfrastructure infra;

    RefundCalls(Refunds refunds, PaymentAttempts attempts, PaymentGateway gateway, OrderManagement orders,
            PaymentInfrastructure infra) {
        this.refunds = refunds;
        this.attempts = attempts;
        this.gateway = gateway;
        this.orders = orders;
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
            RefundSnapshot r = created.value();
            infra.transactions().executeWithoutResult(tx -> {
                if (refunds.recordCreated(refund.id(), r.id(), r.status(), r.failureReason(), infra.clock().instant())) {
                    orders.note(refund.orderId(), "refund_created", source, refundData(refund, r.id(), r.status()));
                }
            });
        } else if (result instanceof GatewayResult.Rejected<RefundSnapshot> rejected) {
            log.warn("Stripe refused refund {} of order {}: {}", refund.id(), refund.orderId(), rejected.message());
            infra.transactions().executeWithoutResult(tx -> {
                Order order = orders.lock(refund.orderId());
                if (refunds.recordCreated(refund.id(), null, "failed", rejected.code(), infra.clock().instant())) {
                    Map<String, Object> data = refundData(refund, null, "failed");
                    data.put("failureReason", String.valueOf(rejected.code()));
                    orders.note(refund.orderId(), "refund_failed", source, data);
                    orders.flag(order, "refund_failed", source, data);
                }
            });
        } else {
            int tries = refunds.recoveryAttempts(refund.id());
            Duration backoff = Duration.ofSeconds(Math.min(600, 1L << Math.min(tries, 9)));
            refunds.retryAt(refund.id(), infra.clock().instant().plus(backoff));
        }
    }

    private static Map<String, Object> refundData(Refund refund, String stripeRefundId, String status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("refundId", refund.id().toString());
        if (stripeRefundId != null) {
            data.put("stripeRefundId", stripeRefundId);
        }
        data.put("amount", refund.amount().amount());
        data.put("currency", refund.amount().currency());
        data.put("status", status);
        if (refund.reason() != null) {
            data.put("reason", refund.reason());
        }
        return data;
    }
}
