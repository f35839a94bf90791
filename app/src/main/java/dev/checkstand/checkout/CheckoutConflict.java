package dev.checkstand.checkout;

import dev.checkstand.common.Problem;

/** The checkout id was used before for a checkout with different content. */
final class CheckoutConflict extends Problem {

    CheckoutConflict(String checkoutId) {
        super(409, "checkout_conflict", "Checkout conflict",
                "Checkout " + checkoutId + " was already created with different content; use a new checkoutId");
    }
}
