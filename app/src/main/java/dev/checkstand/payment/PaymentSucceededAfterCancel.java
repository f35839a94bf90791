package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.util.UUID;

/**
 * A payment succeeded for an order that had been canceled (its stock released, the customer told): its money is to
 * be returned in full.
 */
public record PaymentSucceededAfterCancel(OrderId orderId, UUID attemptId, String paymentIntentId, Money amount) {
}
