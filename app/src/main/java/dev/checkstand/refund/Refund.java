package dev.checkstand.refund;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Money returned from one payment attempt's PaymentIntent. Its status changes only through {@link #moveTo}, which
 * gives the {@link Change} to write, or nothing when the move would go backwards.
 */
public record Refund(UUID id, OrderId orderId, UUID attemptId, String stripeRefundId, Money amount, Status status,
        String reason, String source, String idempotencyKey, String failureReason, Instant createdAt) {

    /**
     * Where a refund stands. {@code CREATING} is pending like Kill Bill's transactions: written before Stripe is
     * asked, resolved by Stripe's answer or by the recovery job repeating the call with the same key. Then only
     * forward: pending and requires_action are one step (Stripe may go either way), succeeded can still fail later,
     * and failed and canceled are final.
     */
    public enum Status {
        CREATING(0), PENDING(1), REQUIRES_ACTION(1), SUCCEEDED(2), FAILED(3), CANCELED(3);

        private final int step;

        Status(int step) {
            this.step = step;
        }

        public String wire() {
            return name().toLowerCase();
        }

        static Status fromWire(String value) {
            return valueOf(value.toUpperCase());
        }

        /** Whether a refund in this status may move to {@code next}: only to a later step. */
        public boolean canMoveTo(Status next) {
            return next.step > step;
        }

        /** Money promised back: asked for or accepted, and not failed or canceled. */
        public boolean committed() {
            return this != FAILED && this != CANCELED;
        }
    }

    /** A status change to write: only if the row is still in {@code from} and has no other Stripe id. */
    record Change(UUID refundId, Status from, Status to, String stripeRefundId, String failureReason) {
    }

    /** The move to Stripe's {@code next} status, naming Stripe's refund id; nothing when it would not go forward. */
    Optional<Change> moveTo(Status next, String stripeId, String failure) {
        return status.canMoveTo(next)
                ? Optional.of(new Change(id, status, next, stripeId, failure))
                : Optional.empty();
    }
}
