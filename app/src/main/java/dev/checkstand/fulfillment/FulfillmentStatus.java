package dev.checkstand.fulfillment;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an order's fulfillment is (API.md's {@code fulfillmentStatus}). It moves only forward — pending or blocked,
 * submitted, in production, partially shipped, shipped — except that a hold comes and goes while the order is open, a
 * failed or blocked fulfillment is submitted again after an admin fixed its cause, and an open one can fail or be
 * canceled. Shipped and canceled are final.
 */
public enum FulfillmentStatus {
    PENDING(0), BLOCKED(0), SUBMITTED(1), IN_PRODUCTION(2), ON_HOLD(2), PARTIALLY_SHIPPED(3), SHIPPED(4), FAILED(0),
    CANCELED(5);

    private final int rank;

    FulfillmentStatus(int rank) {
        this.rank = rank;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FulfillmentStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Printful's order status in our words; empty for a status we do not know (nothing is concluded from it). */
    static Optional<FulfillmentStatus> fromPrintful(String status) {
        return Optional.ofNullable(switch (status == null ? "" : status) {
            case "draft", "pending" -> SUBMITTED;
            case "inprocess" -> IN_PRODUCTION;
            case "onhold" -> ON_HOLD;
            case "partial" -> PARTIALLY_SHIPPED;
            case "fulfilled" -> SHIPPED;
            case "failed" -> FAILED;
            case "canceled" -> CANCELED;
            default -> null;
        });
    }

    /** Whether the provider told us everything about it: nothing more will change at the provider. */
    boolean isFinal() {
        return this == SHIPPED || this == CANCELED;
    }

    /** Whether the provider has the order and is working on it (re-read to learn what happened since). */
    boolean isOpenAtProvider() {
        return this == SUBMITTED || this == IN_PRODUCTION || this == ON_HOLD || this == PARTIALLY_SHIPPED;
    }

    /** Whether what the provider now says ({@code next}) may replace this status. */
    boolean mayBecome(FulfillmentStatus next) {
        if (next == this || isFinal()) {
            return false;
        }
        if (next == CANCELED || next == FAILED) {
            return this != PARTIALLY_SHIPPED || next == CANCELED;
        }
        if (next == ON_HOLD || this == ON_HOLD) {
            return next != PENDING && next != BLOCKED;
        }
        return next.rank > rank || this == FAILED && next.rank > 0;
    }
}
