package dev.checkstand.refund;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.util.UUID;

/**
 * Published once per refund, in the transaction where it first reached {@code succeeded}, however often Stripe says
 * so; a refund that fails afterwards is not un-announced.
 */
public record RefundSucceeded(OrderId orderId, UUID refundId, Money amount) {
}
