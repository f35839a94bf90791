package dev.checkstand.payment.gateway;

import dev.checkstand.common.Problem;

/** Stripe gave no definite answer; repeating the same request is safe and will finish the work. */
public final class PaymentProviderUnavailable extends Problem {

    public PaymentProviderUnavailable(String reason) {
        super(503, "payment_provider_unavailable", "Payment provider unavailable",
                "The payment provider did not answer definitely; repeat the request (it is idempotent). " + reason);
    }
}
