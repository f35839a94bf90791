package dev.checkstand.checkout;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.Problem;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentCancellation;
import dev.checkstand.payment.PaymentQueries;
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
    private final PaymentQueries queries;
    private final CheckoutService.CheckoutSettings settings;

    SessionRetries(OrderManagement orders, Payments payments, PaymentCancellation cancellation, PaymentQueries queries,
            CheckoutService.CheckoutSettings settings) {
        this.orders = orders;
        this.payments = payments;
        this.cancellation = cancellation;
        this.queries = queries;
        this.settings = settings;
    }

    /** Creates the next session; 409 {@code order_not_payable} once the order is paid or canceled. */
    public PaymentAttempt retry(OrderId orderId) {
        orders.find(orderId).orElseThrow(() -> new NotFound("order_not_found", "No order " + orderId));
        PaymentAttempt opened = settings.transactions().execute(tx -> {
            Order order = orders.lock(orderId);
            refuseUnlessPayable(order);
            Instant until = settings.clock().instant().plus(CheckoutService.MIN_SESSION_HOLD);
            orders.extendHold(order, until, Source.CHECKOUT);
            PaymentAttempt previous = queries.latestAttempt(orderId).orElseThrow();
            String successUrl = previous.session() != null ? previous.session().successUrl() : settings.properties().successUrl();
            String cancelUrl = previous.session() != null ? previous.session().cancelUrl() : settings.properties().cancelUrl();
            return payments.openCheckoutSessionAttempt(orderId, order.total(), order.reservationExpiresAt(), successUrl,
                    cancelUrl);
        });
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
