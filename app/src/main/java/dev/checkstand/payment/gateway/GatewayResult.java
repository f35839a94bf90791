package dev.checkstand.payment.gateway;

import java.util.function.Function;

/**
 * The answer of a call to the payment provider: a value, a definite refusal, or no definite answer (time-out,
 * connection failure, 5xx, 409, 429), in which case the call may or may not have been applied. Callers take every
 * case through {@link #fold} or {@link #orElseThrow}; none needs to look at the subtypes.
 */
public sealed interface GatewayResult<T> {

    /** Handles each answer; exactly one function runs. */
    <R> R fold(Function<T, R> succeeded, Function<Rejected<T>, R> rejected, Function<Indeterminate<T>, R> indeterminate);

    /** The value, or the exception {@code failure} makes of a refusal or an indefinite answer. */
    default T orElseThrow(Function<GatewayResult<T>, RuntimeException> failure) {
        return fold(value -> value, rejected -> {
            throw failure.apply(rejected);
        }, indeterminate -> {
            throw failure.apply(indeterminate);
        });
    }

    /**
     * The value, or the exception {@code refused} makes of a definite refusal (repeating the call will not help), or
     * the one {@code unanswered} makes of an indefinite answer (it may).
     */
    default T orElseThrow(Function<Rejected<T>, RuntimeException> refused,
            Function<Indeterminate<T>, RuntimeException> unanswered) {
        return fold(value -> value, rejected -> {
            throw refused.apply(rejected);
        }, indeterminate -> {
            throw unanswered.apply(indeterminate);
        });
    }

    /** The value, or {@link PaymentProviderUnavailable} naming what could not be done. */
    default T orElseUnavailable(String what) {
        return orElseThrow(failure -> new PaymentProviderUnavailable(what + ": " + failure.describe()));
    }

    /** The answer in a few words, for logs and errors. */
    String describe();

    /** The provider answered with the object. */
    record Succeeded<T>(T value) implements GatewayResult<T> {
        @Override
        public <R> R fold(Function<T, R> succeeded, Function<Rejected<T>, R> rejected,
                Function<Indeterminate<T>, R> indeterminate) {
            return succeeded.apply(value);
        }

        @Override
        public String describe() {
            return "succeeded";
        }
    }

    /** The provider definitely refused the request; repeating it unchanged will not help. */
    record Rejected<T>(int httpStatus, String code, String message) implements GatewayResult<T> {
        @Override
        public <R> R fold(Function<T, R> succeeded, Function<Rejected<T>, R> rejected,
                Function<Indeterminate<T>, R> indeterminate) {
            return rejected.apply(this);
        }

        @Override
        public String describe() {
            return "refused (" + httpStatus + " " + code + ": " + message + ")";
        }
    }

    /** No definite answer; the same request with the same idempotency key may be repeated. */
    record Indeterminate<T>(String reason) implements GatewayResult<T> {
        @Override
        public <R> R fold(Function<T, R> succeeded, Function<Rejected<T>, R> rejected,
                Function<Indeterminate<T>, R> indeterminate) {
            return indeterminate.apply(this);
        }

        @Override
        public String describe() {
            return reason;
        }
    }
}
