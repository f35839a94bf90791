package dev.checkstand.checkout;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.Problem;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentCancellation;
import dev.checkstand.payment.Payments;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * A new Checkout Session for an unpaid order: same order, same reservation (its hold extended to cover the new
 * session's lifetime). Every earlier attempt is stopped at Stripe before the new session is created, so a customer
 * cannot pay an old session and a new one unnoticed.
 */
@Service
public class SessionRetries {

    private final OrderManagement orders;
    private final Payments payments;
    private final PaymentCancellation cancellation;
    private final OrderDrafts drafts;

    SessionRetries(OrderManagement orders, Payments payments, PaymentCancellation cancellation, OrderDrafts drafts) {
        this.orders = orders;
        this.payments = payments;
        this.cancellation = cancellation;
        this.drafts = drafts;
    }

    /**
     * Creates the next session; 409 {@code order_not_payable} once the order is paid or canceled, 503 with
     * {@code Retry-After} (nothing opened or stopped) while Stripe fails fast. The caller has checked the customer's
     * proof ({@link CustomerProof}).
     */
    public PaymentAttempt retry(OrderId orderId) {
        payments.requireProviderAvailable();
        Order current = orders.find(orderId).orElseThrow(() -> new NotFound("order_not_found", "No order " + orderId));
        try (LogContext.Scope scope = LogContext.order(orderId, current.number())) {
            return retry(orderId, current);
        }
    }

    private PaymentAttempt retry(OrderId orderId, Order current) {
        Instant until = drafts.holdUntil(CheckoutService.MIN_SESSION_HOLD);
        OrderDrafts.SessionUrls urls = drafts.ownSessionUrls();
        PaymentAttempt opened = payments.openNextCheckoutSession(orderId, until, urls.success(), urls.cancel())
                .orElseThrow(() -> new OrderNotPayable(orders.find(orderId).orElse(current)));
        cancellation.stopOtherAttempts(opened, Source.CHECKOUT);
        Order order = orders.find(orderId).orElseThrow();
        if (order.status() != Order.Status.PENDING_PAYMENT) {
            payments.abandonUncreated(opened.id());
            refuseUnlessPayable(order);
        }
        return payments.ensureCheckoutSession(opened.id());
    }

    private static void refuseUnlessPayable(Order order) {
        if (order.status() != Order.Status.PENDING_PAYMENT) {
            throw new OrderNotPayable(order);
        }
    }

    /** The order is paid or canceled: there is nothing left to pay. */
    static final class OrderNotPayable extends Problem {

        OrderNotPayable(Order order) {
            super(409, "order_not_payable", "Order not payable", "Order " + order.number() + " is " + order.status().wire());
        }
    }

}
