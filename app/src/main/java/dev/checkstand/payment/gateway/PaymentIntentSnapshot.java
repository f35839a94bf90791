package dev.checkstand.payment.gateway;

import java.util.Map;
import java.util.Set;

/**
 * What the service needs to know of a Stripe PaymentIntent, read either from the API or from an event payload.
 * What is missing is read from what is there: without {@code amount_received}, a succeeded PaymentIntent received
 * its {@code amount} and any other nothing. {@code complete()} is false when the object still lacks what acting on it
 * needs (an id and a known status; for a succeeded one, also the amount received and the currency).
 */
public record PaymentIntentSnapshot(String id, String status, Long amount, Long amountReceived, String currency,
        Map<String, String> metadata, String latestCharge, String failureCode, String failureMessage,
        String clientSecret) {

    private static final Set<String> STATUSES = Set.of("requires_payment_method", "requires_confirmation",
            "requires_action", "processing", "requires_capture", "canceled", "succeeded");

    public PaymentIntentSnapshot {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (amountReceived == null && status != null) {
            amountReceived = "succeeded".equals(status) ? amount : Long.valueOf(0);
        }
    }

    public boolean complete() {
        return id != null && known(status)
                && (!"succeeded".equals(status) || amountReceived != null && currency != null);
    }

    /** What {@link #complete()} found missing, for logs and errors; empty when complete. */
    public String missing() {
        if (id == null) {
            return "id";
        }
        if (!known(status)) {
            return status == null ? "status" : "a known status (was " + status + ")";
        }
        if ("succeeded".equals(status) && amountReceived == null) {
            return "amount_received and amount";
        }
        return "succeeded".equals(status) && currency == null ? "currency" : "";
    }

    private static boolean known(String status) {
        return status != null && STATUSES.contains(status);
    }

    public String metadata(String key) {
        return metadata.get(key);
    }
}
