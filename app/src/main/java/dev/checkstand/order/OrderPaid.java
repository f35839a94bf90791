package dev.checkstand.order;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;

/**
 * Published once, in the transaction that placed the order with its payment secured: {@code amount} taken, or (with
 * capture on fulfillment, {@code authorizedOnly}) held on the customer's card until its fulfillment is under way.
 */
public record OrderPaid(OrderId orderId, Money amount, boolean authorizedOnly) {

    public OrderPaid(OrderId orderId, Money amount) {
        this(orderId, amount, false);
    }
}
