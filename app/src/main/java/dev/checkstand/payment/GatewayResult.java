package dev.checkstand.payment;

/**
 * The answer of a call to the payment provider: a value, a definite refusal, or no definite answer (time-out,
 * connection failure, 5xx, 409, 429), in which case the call may or may not have been applied.
 */
public sealed interface GatewayResult<T> {

    /** The provider answered with the object. */
    record Succeeded<T>(T value) implements GatewayResult<T> {
    }

    /** The provider definitely refused the request; repeating it unchanged will not help. */
    record Rejected<T>(int httpStatus, String code, String message) implements GatewayResult<T> {
    }

    /** No definite answer; the same request with the same idempotency key may be repeated. */
    record Indeterminate<T>(String reason) implements GatewayResult<T> {
    }
}
