package dev.checkstand.fulfillment.provider;

import java.time.Duration;
import java.util.Optional;

/** A provider call that did not give an answer we can use, and whether trying again can help. */
public final class ProviderCallFailed extends RuntimeException {

    /** Why the call failed. */
    public enum Kind {
        /** 5xx, timeout, connection refused, a lost answer: the call may or may not have taken effect; try again. */
        UNAVAILABLE,
        /** 429: try again no earlier than the provider says. */
        RATE_LIMITED,
        /** The provider is still calculating the order's costs and cannot confirm it yet; try again. */
        NOT_READY,
        /** The provider refused the request as it is (4xx): trying the same again will not help. */
        REFUSED,
        /** Our credentials were refused: nothing works until an operator fixes them; try again later. */
        UNAUTHORIZED
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    public ProviderCallFailed(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** How long the provider asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the same call may succeed later. */
    public boolean worthRetrying() {
        return kind != Kind.REFUSED;
    }
}
