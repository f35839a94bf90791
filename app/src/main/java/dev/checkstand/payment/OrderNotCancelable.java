package dev.checkstand.payment;

import dev.checkstand.common.Problem;

/** The order is paid (or its payment could not be stopped), so it cannot be canceled. */
public final class OrderNotCancelable extends Problem {

    public OrderNotCancelable(String detail) {
        super(409, "order_not_cancelable", "Order not cancelable", detail);
    }
}
