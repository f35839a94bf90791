package dev.checkstand.order;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;

/**
 * The authorization an order was placed on was captured ({@code amount} taken, the rest released): from now on the
 * order holds money, as an order paid at once does from {@link OrderPaid}. Published once, in the transaction that
 * recorded the capture.
 */
public record OrderCaptured(OrderId orderId, Money amount) {
}
