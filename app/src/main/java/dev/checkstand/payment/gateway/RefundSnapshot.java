package dev.checkstand.payment.gateway;

/** What the service needs to know of a Stripe Refund. */
public record RefundSnapshot(String id, String paymentIntentId, long amount, String currency, String status,
        String reason, String failureReason, java.util.Map<String, String> metadata) {

    private static final java.util.Set<String> STATUSES = java.util.Set.of("pending", "requires_action", "succeeded",
            "failed", "canceled");

    public RefundSnapshot {
        metadata = metadata == null ? java.util.Map.of() : java.util.Map.copyOf(metadata);
    }

    /** Whether the status is one of Stripe's refund statuses (a Stripe-compatible server may send another). */
    public boolean statusKnown() {
        return STATUSES.contains(status);
    }
}
