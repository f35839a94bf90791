package dev.checkstand.order;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;

/** Published once, in the transaction that marked the order paid. */
public record OrderPaid(OrderId orderId, Money amount) {
}
