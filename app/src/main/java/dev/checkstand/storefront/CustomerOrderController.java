package dev.checkstand.storefront;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.payment.Payments;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Customer order lookups by the payment ids the browser holds; each is one indexed lookup. */
@RestController
class CustomerOrderController {

    private final Payments payments;
    private final OrderManagement orders;

    CustomerOrderController(Payments payments, OrderManagement orders) {
        this.payments = payments;
        this.orders = orders;
    }

    @GetMapping("/api/orders/by-payment-intent/{paymentIntentId}")
    CustomerOrderView byPaymentIntent(@PathVariable String paymentIntentId) {
        OrderId orderId = payments.orderOfPaymentIntent(paymentIntentId).orElseThrow(
                () -> new NotFound("order_not_found", "No order for PaymentIntent " + paymentIntentId));
        return view(orderId);
    }

    @GetMapping("/api/orders/by-session/{sessionId}")
    CustomerOrderView bySession(@PathVariable String sessionId) {
        OrderId orderId = payments.orderOfCheckoutSession(sessionId).orElseThrow(
                () -> new NotFound("order_not_found", "No order for Checkout Session " + sessionId));
        return view(orderId);
    }

    private CustomerOrderView view(OrderId orderId) {
        return CustomerOrderView.of(orders.details(orderId), payments.attemptsOf(orderId));
    }
}
