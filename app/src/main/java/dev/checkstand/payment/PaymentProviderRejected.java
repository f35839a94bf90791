package dev.checkstand.payment;

import dev.checkstand.common.Problem;

/** Stripe definitely refused to create the payment; the order was canceled and its stock released. */
final class PaymentProviderRejected extends Problem {

    public PaymentProviderRejected(String detail) {
        super(502, "payment_provider_rejected", "Payment provider refused the payment",
                detail == null ? "The payment provider refused the payment" : detail);
    }
}
