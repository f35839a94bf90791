package dev.checkstand.payment;

import dev.checkstand.common.Problem;

/**
 * Stripe (or a Stripe-compatible server) answered with a PaymentIntent or Checkout Session that lacks what acting on
 * it needs, even after reading what is missing from what is there: a definite answer the service cannot use.
 */
final class IncompletePaymentObject extends Problem {

    IncompletePaymentObject(String what, String id, String missing) {
        super(502, "payment_provider_rejected", "Payment provider answered incompletely",
                "The payment provider's " + what + " " + id + " lacks " + missing);
    }
}
