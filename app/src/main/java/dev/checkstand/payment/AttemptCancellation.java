package dev.checkstand.payment;

import dev.checkstand.order.Source;
import org.springframework.stereotype.Component;

/**
 * Cancels one attempt's PaymentIntent at Stripe and applies what Stripe then says through the one transition. When
 * Stripe refuses (the PaymentIntent already succeeded or was canceled), its current state is read and applied.
 */
@Component
class AttemptCancellation {

    private final PaymentGateway gateway;
    private final PaymentOutcomes outcomes;

    AttemptCancellation(PaymentGateway gateway, PaymentOutcomes outcomes) {
        this.gateway = gateway;
        this.outcomes = outcomes;
    }

    void cancel(PaymentAttempt attempt, String reason) {
        GatewayResult<PaymentIntentSnapshot> result = gateway.cancelPaymentIntent(attempt.paymentIntentId(), reason,
                "attempt:" + attempt.id() + ":cancel:" + reason);
        if (result instanceof GatewayResult.Rejected<PaymentIntentSnapshot>) {
            result = gateway.retrievePaymentIntent(attempt.paymentIntentId());
        }
        if (result instanceof GatewayResult.Succeeded<PaymentIntentSnapshot> pi) {
            outcomes.apply(pi.value(), Source.SYSTEM);
            return;
        }
        throw new PaymentProviderUnavailable("could not cancel PaymentIntent " + attempt.paymentIntentId());
    }
}
