package dev.checkstand.payment;

import dev.checkstand.common.OrderId;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only questions about payments: the indexed links between Stripe ids and orders, attempts, refunds, orphans. */
@Service
@Transactional(readOnly = true)
public class PaymentQueries {

    private final PaymentAttempts attempts;
    private final Refunds refunds;
    private final OrphanedPayments orphans;

    PaymentQueries(PaymentAttempts attempts, Refunds refunds, OrphanedPayments orphans) {
        this.attempts = attempts;
        this.refunds = refunds;
        this.orphans = orphans;
    }

    /** The order's most recent attempt. */
    public Optional<PaymentAttempt> latestAttempt(OrderId orderId) {
        return attempts.latestOf(orderId);
    }

    /** Every attempt of the order, oldest first. */
    public List<PaymentAttempt> attemptsOf(OrderId orderId) {
        return attempts.of(orderId);
    }

    /** Every refund of the order, oldest first. */
    public List<Refund> refundsOf(OrderId orderId) {
        return refunds.of(orderId);
    }

    /** The order a PaymentIntent belongs to: one indexed lookup. */
    public Optional<OrderId> orderOfPaymentIntent(String paymentIntentId) {
        return attempts.byPaymentIntentId(paymentIntentId).map(PaymentAttempt::orderId);
    }

    /** The order a Checkout Session belongs to: one indexed lookup. */
    public Optional<OrderId> orderOfCheckoutSession(String sessionId) {
        return attempts.byCheckoutSessionId(sessionId).map(PaymentAttempt::orderId);
    }

    /** The PaymentIntent of a Checkout Session, once Stripe has created one and it is linked. */
    public Optional<String> paymentIntentOfCheckoutSession(String sessionId) {
        return attempts.byCheckoutSessionId(sessionId).map(PaymentAttempt::paymentIntentId);
    }

    /** Succeeded payments no order owns, newest first. */
    public List<OrphanedPayment> orphanedPayments() {
        return orphans.unresolved();
    }
}
