package dev.checkstand.payment;

import dev.checkstand.common.LogContext;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Completes one attempt left {@code creating}: its order can still be paid, so the PaymentIntent is created again
 * with the same key; or it cannot, so the PaymentIntent (which may exist at Stripe) is obtained the same way and
 * canceled, leaving no PaymentIntent at Stripe that the database does not know.
 */
@Component
class AttemptCompletion {

    private static final Logger log = LoggerFactory.getLogger(AttemptCompletion.class);

    private final PaymentAttempts attempts;
    private final Payments payments;
    private final AttemptCancellation cancellation;
    private final OrderManagement orders;

    AttemptCompletion(PaymentAttempts attempts, Payments payments, AttemptCancellation cancellation,
            OrderManagement orders) {
        this.attempts = attempts;
        this.payments = payments;
        this.cancellation = cancellation;
        this.orders = orders;
    }

    void complete(UUID attemptId) {
        PaymentAttempt attempt = attempts.byId(attemptId).orElseThrow();
        if (attempt.status() != PaymentAttempt.Status.CREATING || attempt.paymentIntentId() != null
                || attempt.checkoutSessionId() != null) {
            return;
        }
        Order order = orders.find(attempt.orderId()).orElseThrow();
        try (LogContext.Scope scope = LogContext.order(order.id(), order.number())) {
            PaymentAttempt created = payments.ensureCreated(attemptId);
            log.info("Recovered payment attempt {} of order {}: {}", attemptId, order.number(),
                    created.paymentIntentId() != null ? created.paymentIntentId() : created.checkoutSessionId());
            if (order.status() != Order.Status.PENDING_PAYMENT) {
                cancellation.cancel(created, "abandoned", Source.SYSTEM);
            }
        }
    }
}
