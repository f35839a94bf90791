package dev.checkstand.payment;

/** What the service needs to know of a Stripe Refund. */
public record RefundSnapshot(String id, String paymentIntentId, long amount, String currency, String status,
        String reason, String failureReason) {
}
