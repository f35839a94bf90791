package dev.checkstand.checkout;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.payment.PaymentQueries;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Customer routes that change an order need proof that the caller is its customer (API.md, "Customer proof"): an
 * order token the checkout answered with, or the id of one of the order's Checkout Sessions, which Stripe gives only
 * to the customer who went through it. An order id alone is not enough.
 */
@Component
public class CustomerProof {

    /** The header that carries an order token. */
    public static final String TOKEN_HEADER = "X-Order-Token";

    // Stripe's ids are letters, digits and underscores; anything else is no session of ours and is not looked up.
    private static final Pattern SESSION_ID = Pattern.compile("cs_[A-Za-z0-9_]{1,250}");

    private final OrderManagement orders;
    private final PaymentQueries payments;

    CustomerProof(OrderManagement orders, PaymentQueries payments) {
        this.orders = orders;
        this.payments = payments;
    }

    /**
     * The order, when {@code token} is one of its tokens or {@code sessionId} one of its Checkout Sessions (either may
     * be null). Otherwise 404 {@code order_not_found}, exactly the answer for an order that does not exist, so a
     * caller without proof learns nothing about the order.
     */
    public OrderId require(UUID orderId, String token, String sessionId) {
        OrderId id = OrderId.of(orderId);
        if (orders.holdsToken(id, token) || isSessionOf(id, sessionId)) {
            return id;
        }
        throw new NotFound("order_not_found", "No order " + id);
    }

    private boolean isSessionOf(OrderId orderId, String sessionId) {
        return sessionId != null && SESSION_ID.matcher(sessionId).matches()
                && payments.orderOfCheckoutSession(sessionId).filter(orderId::equals).isPresent();
    }
}
