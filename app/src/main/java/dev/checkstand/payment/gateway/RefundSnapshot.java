package dev.checkstand.payment.gateway;

/** What the service needs to know of a Stripe Refund. */
public record RefundSnapshot(String id, String paymentIntentId, long amount, String currency, String status,
        String reason, String failureReason, java.util.Map<String, String> metadata) {

    public RefundSnapshot {
        metadata = metadata == null ? java.util.Map.of() : java.util.Map.copyOf(metadata);
    }
}
