package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.util.UUID;

/** A second payment succeeded for an order another payment had already paid: its money is to be returned in full. */
public record DuplicatePaymentReceived(OrderId orderId, UUID attemptId, String paymentIntentId, Money amount) {
}
