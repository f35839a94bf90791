package dev.checkstand.payment;

import dev.checkstand.order.Source;
import org.springframework.stereotype.Component;

/**
 * Stops one attempt at Stripe — cancels its PaymentIntent or expires its Checkout Session — and applies what Stripe
 * then says through the one transition. When Stripe refuses (it already succeeded, was canceled or expired), the
 * current state is read and applied instead.
 */
@Component
class AttemptCancellation {

    private final PaymentGateway gateway;
    private final PaymentOutcomes outcomes;
    private final SessionOutcomes sessions;

    AttemptCancellation(PaymentGateway gateway, PaymentOutcomes outcomes, SessionOutcomes sessions) {
        this.gateway = gateway;
        this.outcomes = outcomes;
        this.sessions = sessions;
    }

    void cancel(PaymentAttempt attempt, String reason, Source source) {
        if (attempt.kind() == PaymentAttempt.Kind.CHECKOUT_SESSION) {
            expire(attempt, source);
            return;
        }
        // A payment still processing may yet succeed: it keeps its hold until it settles, so it is not canceled.
        GatewayResult<PaymentIntentSnapshot> current = gateway.retrievePaymentIntent(attempt.paymentIntentId());
        if (current instanceof GatewayResult.Succeeded<PaymentIntentSnapshot> now) {
            outcomes.apply(now.value(), source);
            if ("processing".equals(now.value().status())) {
                throw new OrderNotCancelable("Its payment " + attempt.paymentIntentId() + " is still processing");
            }
            if ("succeeded".equals(now.value().status()) || "canceled".equals(now.value().status())) {
                return;
            }
        }
        GatewayResult<PaymentIntentSnapshot> result = gateway.cancelPaymentIntent(attempt.paymentIntentId(), reason,
                "attempt:" + attempt.id() + ":cancel:" + reason);
        if (result instanceof GatewayResult.Rejected<PaymentIntentSnapshot>) {
            result = gateway.retrievePaymentIntent(attempt.paymentIntentId());
        }
        if (result instanceof GatewayResult.Succeeded<PaymentIntentSnapshot> pi) {
            outcomes.apply(pi.value(), source);
            return;
        }
        throw new PaymentProviderUnavailable("could not cancel PaymentIntent " + attempt.paymentIntentId());
    }

    // A session's PaymentIntent cannot be canceled directly: expiring the session is how Stripe stops it.
    private void expire(PaymentAttempt attempt, Source source) {
        GatewayResult<CheckoutSessionSnapshot> result = gateway.expireCheckoutSession(attempt.checkoutSessionId(),
                "attempt:" + attempt.id() + ":expire");
        if (result instanceof GatewayResult.Rejected<CheckoutSessionSnapshot>) {
            result = gateway.retrieveCheckoutSession(attempt.checkoutSessionId());
        }
        if (result instanceof GatewayResult.Succeeded<CheckoutSessionSnapshot> session) {
            sessions.apply(session.value(), false, source);
            return;
        }
        throw new PaymentProviderUnavailable("could not expire Checkout Session " + attempt.checkoutSessionId());
    }
}
