package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.time.Instant;
import java.util.UUID;

/** Money returned from one payment attempt's PaymentIntent; {@code CREATING} until Stripe has answered. */
public record Refund(UUID id, OrderId orderId, UUID attemptId, String stripeRefundId, Money amount, String status,
        String reason, String source, String idempotencyKey, String failureReason, Instant createdAt) {
}
