package dev.checkstand.order;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;

/**
 * Published once, in the transaction that placed the order with its payment secured: {@code amount} taken, or (with
 * capture on fulfillment, {@code authorizedOnly}) held on the customer's card until its fulfillment is under way. A
 * publication stored before {@code authorizedOnly} existed reads as taken (null is false).
 */
public record OrderPaid(OrderId orderId, Money amount, Boolean authorizedOnly) {

    public OrderPaid {
        authorizedOnly = Boolean.TRUE.equals(authorizedOnly);
    }

    public OrderPaid(OrderId orderId, Money amount) {
        this(orderId, amount, false);
    }
}
