package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A second succeeded payment for an order that is already paid (two tabs, a retried session racing the old one):
 * recorded as {@code duplicate}, the order flagged, and the payment refunded in full, exactly once — the refund's
 * idempotency key is derived from the attempt, and it is written in the same transaction that detects the duplicate.
 */
@Component
class DuplicatePayments {

    private final PaymentAttempts attempts;
    private final Refunds refunds;
    private final RefundCalls calls;
    private final OrderManagement orders;
    private final Clock clock;

    DuplicatePayments(PaymentAttempts attempts, Refunds refunds, RefundCalls calls, OrderManagement orders, Clock clock) {
        this.attempts = attempts;
        this.refunds = refunds;
        this.calls = calls;
        this.orders = orders;
        this.clock = clock;
    }

    void refund(Order order, PaymentAttempt attempt, Money received, Source source, Map<String, Object> data) {
        Instant now = clock.instant();
        attempts.recordReceived(attempt.id(), PaymentAttempt.Status.DUPLICATE, received.amount(), now);
        orders.flag(order, "duplicate_payment", source, data);
        if (received.amount() <= 0) {
            return;
        }
        Refund refund = new Refund(UUID.randomUUID(), order.id(), attempt.id(), null, received, "creating", "duplicate",
                "system", "attempt:" + attempt.id() + ":refund:duplicate", null, now);
        if (refunds.insertCreating(refund, now)) {
            calls.callAfterCommit(refund.id());
        }
    }
}
