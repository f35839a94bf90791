package dev.checkstand.checkout;

import dev.checkstand.inventory.Inventory;
import dev.checkstand.inventory.Reservation;
import dev.checkstand.order.NewOrder;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.OrderToken;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.Payments;
import dev.checkstand.shipping.ShippingQuotes;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places a checkout's order in one transaction: the pending order and its items, the stock reservation, and the
 * payment attempt (state {@code creating}, its idempotency key fixed). Out of stock rolls all of it back, and so does
 * Stripe failing fast (its circuit breaker open): a new order whose payment could not be created now is not placed,
 * nothing is reserved, and the customer is told when to try again. A repeat of an order placed before is answered
 * as ever, Stripe or not.
 */
@Component
class OrderPlacement {

    private final OrderManagement orders;
    private final ShippingQuotes shipping;
    private final Inventory inventory;
    private final Payments payments;

    OrderPlacement(OrderManagement orders, ShippingQuotes shipping, Inventory inventory, Payments payments) {
        this.orders = orders;
        this.shipping = shipping;
        this.inventory = inventory;
        this.payments = payments;
    }

    /**
     * The placed order, its customer's token and its attempt; an order placed before under the same checkout id comes
     * back without an attempt, and one placed with other content is refused with {@link CheckoutConflict}.
     */
    @Transactional
    public Placed place(OrderDrafts.Draft draft, Function<Order, PaymentAttempt> opener) {
        NewOrder newOrder = draft.order();
        OrderManagement.Placement placement = orders.place(newOrder);
        if (placement instanceof OrderManagement.Placement.Placed placed) {
            if (draft.shipping() == null) {
                // A draft without a quote repeats a placed checkout; its id is taken and orders are never deleted.
                throw new IllegalStateException("checkout " + newOrder.checkoutId() + " placed without a shipping quote");
            }
            shipping.record(placed.order().id(), draft.shipping());
            return reserve(newOrder, placed, opener);
        }
        if (placement instanceof OrderManagement.Placement.AlreadyPlaced existing) {
            return new Placed(false, existing.order(), existing.token(), null);
        }
        throw new CheckoutConflict(newOrder.checkoutId());
    }

    private Placed reserve(NewOrder newOrder, OrderManagement.Placement.Placed placed,
            Function<Order, PaymentAttempt> opener) {
        payments.requireProviderAvailable();
        Order order = placed.order();
        List<Reservation.Line> lines = newOrder.items().stream()
                .map(i -> new Reservation.Line(i.productId(), i.quantity()))
                .toList();
        Reservation reservation = inventory.reserve(order.id(), lines, order.reservationExpiresAt());
        if (reservation instanceof Reservation.OutOfStock outOfStock) {
            throw new ItemsOutOfStock(outOfStock.items());
        }
        return new Placed(true, order, placed.token(), opener.apply(order));
    }

    /**
     * An order placed for a checkout: by this call or before it, the token this answer gives its customer, and its
     * payment attempt when this call opened one.
     */
    record Placed(boolean created, Order order, OrderToken token, PaymentAttempt attempt) {
    }
}
