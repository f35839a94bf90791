package dev.checkstand.payment.gateway;

import java.time.Instant;
import java.util.Map;

/** What the service needs to know of a Stripe Checkout Session, from the API or from an event payload. */
public record CheckoutSessionSnapshot(String id, String status, String paymentStatus, String paymentIntentId,
        Long amountTotal, String currency, String url, Instant expiresAt, Map<String, String> metadata) {

    public CheckoutSessionSnapshot {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Whether the session has what acting on it needs: a complete one also names its PaymentIntent, amount and currency. */
    public boolean complete() {
        return id != null && status != null && paymentStatus != null
                && (!"complete".equals(status) || paymentIntentId != null && amountTotal != null && currency != null);
    }
}
