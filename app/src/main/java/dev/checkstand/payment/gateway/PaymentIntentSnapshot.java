package dev.checkstand.payment.gateway;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What the service needs to know of a Stripe PaymentIntent, read either from the API or from an event payload.
 * What is missing is read from what is there: without {@code amount_received}, a succeeded PaymentIntent received
 * its {@code amount} and any other nothing. {@code complete()} is false when the object still lacks what acting on it
 * needs (an id and a known status; for a succeeded one, also the amount received and the currency).
 * {@code succeededAt} is Stripe's time of the payment (or, awaiting capture, of the authorization) when known (its
 * charge's creation, or the time of the event that announced it), for measuring how long the service took to see it
 * and when an authorization was given; null otherwise. Awaiting capture, {@code amountCapturable} is what may be
 * captured (when absent: the amount) and {@code captureBefore} when the authorization lapses, when Stripe says.
 */
public record PaymentIntentSnapshot(String id, String status, Long amount, Long amountReceived, String currency,
        Map<String, String> metadata, String latestCharge, String failureCode, String failureMessage,
        String clientSecret, Instant succeededAt, Long amountCapturable, Instant captureBefore) {

    private static final Set<String> STATUSES = Set.of("requires_payment_method", "requires_confirmation",
            "requires_action", "processing", "requires_capture", "canceled", "succeeded");

    public PaymentIntentSnapshot {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (amountReceived == null && status != null) {
            amountReceived = "succeeded".equals(status) ? amount : Long.valueOf(0);
        }
        if (amountCapturable == null && "requires_capture".equals(status)) {
            amountCapturable = amount;
        }
    }

    public boolean complete() {
        return id != null && known(status)
                && (!"succeeded".equals(status) || amountReceived != null && currency != null)
                && (!"requires_capture".equals(status) || amountCapturable != null && currency != null);
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
        if ("requires_capture".equals(status) && amountCapturable == null) {
            return "amount_capturable and amount";
        }
        return ("succeeded".equals(status) || "requires_capture".equals(status)) && currency == null ? "currency" : "";
    }

    private static boolean known(String status) {
        return status != null && STATUSES.contains(status);
    }

    /** This snapshot with Stripe's time of the payment set to {@code at}, unless it knows it already. */
    public PaymentIntentSnapshot succeededNoLaterThan(Instant at) {
        if (succeededAt != null || at == null) {
            return this;
        }
        return new PaymentIntentSnapshot(id, status, amount, amountReceived, currency, metadata, latestCharge,
                failureCode, failureMessage, clientSecret, at, amountCapturable, captureBefore);
    }

    public String metadata(String key) {
        return metadata.get(key);
    }
}
