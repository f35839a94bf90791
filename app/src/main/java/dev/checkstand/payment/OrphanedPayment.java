package dev.checkstand.payment;

import java.time.Instant;

/** A PaymentIntent that took money but matches no order, kept for an admin. */
public record OrphanedPayment(String paymentIntentId, String status, long amountReceived, String currency,
        String source, Instant firstSeenAt, Instant lastSeenAt) {
}
