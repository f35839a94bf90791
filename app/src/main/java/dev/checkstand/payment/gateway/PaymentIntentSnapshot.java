package dev.checkstand.payment.gateway;

import java.util.Map;

/**
 * What the service needs to know of a Stripe PaymentIntent, read either from the API or from an event payload.
 * {@code complete()} is false when a payload lacked a field needed to act on money; the object is then re-read.
 */
public record PaymentIntentSnapshot(String id, String status, Long amount, Long amountReceived, String currency,
        Map<String, String> metadata, String latestCharge, String failureCode, String failureMessage,
        String clientSecret) {

    public PaymentIntentSnapshot {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public boolean complete() {
        return id != null && status != null && amount != null && amountReceived != null && currency != null;
    }

    public String metadata(String key) {
        return metadata.get(key);
    }
}
