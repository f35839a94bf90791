package dev.checkstand.payment.stripe;

import com.stripe.exception.ApiConnectionException;

/**
 * A Stripe call that was not sent because Stripe kept failing and its circuit breaker is open. Like any
 * {@link ApiConnectionException} it is no definite answer, so every caller's handling of one applies; and since
 * nothing was sent, nothing changed at Stripe.
 */
final class StripeNotCalled extends ApiConnectionException {

    StripeNotCalled(String operation) {
        super("Stripe " + operation + " not sent: Stripe keeps failing and its circuit breaker is open");
    }
}
