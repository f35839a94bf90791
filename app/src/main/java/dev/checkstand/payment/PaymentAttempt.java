package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.time.Instant;
import java.util.UUID;

/**
 * One try at collecting an order's money through one PaymentIntent or Checkout Session. It starts {@code CREATING}
 * before Stripe is called (its idempotency key is fixed then), and ends succeeded, canceled, failed or duplicate.
 */
public record PaymentAttempt(UUID id, OrderId orderId, int attemptNo, Kind kind, Status status, String idempotencyKey,
        String paymentIntentId, String checkoutSessionId, String clientSecret, Money amount, long amountReceived,
        String lastFailure, String lastFailureCharge, Instant createdAt, Session session) {

    /** A Checkout Session attempt's page, its expiry and where Stripe sends the customer back; null otherwise. */
    public record Session(String url, Instant expiresAt, String successUrl, String cancelUrl) {
    }

    /** What was created at Stripe for this attempt. */
    public enum Kind {
        PAYMENT_INTENT, CHECKOUT_SESSION;

        public String wire() {
            return name().toLowerCase();
        }
    }

    /** Stripe's PaymentIntent statuses plus our own: creating (Stripe not yet answered), failed, duplicate. */
    public enum Status {
        CREATING, REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING, REQUIRES_CAPTURE,
        SUCCEEDED, CANCELED, FAILED, DUPLICATE;

        public String wire() {
            return name().toLowerCase();
        }

        /** Terminal statuses never change again. */
        public boolean isTerminal() {
            return this == SUCCEEDED || this == CANCELED || this == FAILED || this == DUPLICATE;
        }

        static Status fromStripe(String status) {
            return valueOf(status.toUpperCase());
        }
    }
}
