package dev.checkstand.payment;

import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.GatewayResult;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Stops one attempt at Stripe — cancels its PaymentIntent or expires its Checkout Session — and applies what Stripe
 * then says through the one transition. When Stripe refuses (it already succeeded, was canceled or expired), the
 * current state is read and applied instead.
 */
@Component
class AttemptCancellation {

    private final PaymentGateway gateway;
    private final PaymentTransition transition;
    private final SessionOutcomes sessions;

    AttemptCancellation(PaymentGateway gateway, PaymentTransition transition, SessionOutcomes sessions) {
        this.gateway = gateway;
        this.transition = transition;
        this.sessions = sessions;
    }

    void cancel(PaymentAttempt attempt, String reason, Source source) {
        if (attempt.kind() == PaymentAttempt.Kind.CHECKOUT_SESSION) {
            expire(attempt, source);
            return;
        }
        String id = attempt.paymentIntentId();
        // A payment still processing may yet succeed: it keeps its hold until it settles, so it is not canceled.
        Optional<PaymentIntentSnapshot> current = gateway.retrievePaymentIntent(id)
                .fold(Optional::of, rejected -> Optional.empty(), indeterminate -> Optional.empty());
        if (current.isPresent()) {
            transition.apply(current.get(), source);
            switch (current.get().status()) {
                case "processing" -> throw new OrderNotCancelable("Its payment " + id + " is still processing");
                // An authorization is the customer's payment, awaiting capture: applied above, it placed the order
                // (or, not taken by it, is released by its own listener) — never canceled here by the way.
                case "succeeded", "canceled", "requires_capture" -> {
                    return;
                }
                default -> {
                }
            }
        }
        PaymentIntentSnapshot stopped = gateway.cancelPaymentIntent(id, reason, "attempt:" + attempt.id() + ":cancel:" + reason)
                .fold(canceled -> canceled,
                        refused -> gateway.retrievePaymentIntent(id).orElseThrow(this::unavailable),
                        indeterminate -> {
                            throw unavailable(indeterminate);
                        });
        transition.apply(stopped, source);
    }

    // A session's PaymentIntent cannot be canceled directly: expiring the session is how Stripe stops it.
    private void expire(PaymentAttempt attempt, Source source) {
        String id = attempt.checkoutSessionId();
        sessions.apply(gateway.expireCheckoutSession(id, "attempt:" + attempt.id() + ":expire")
                .fold(expired -> expired,
                        refused -> gateway.retrieveCheckoutSession(id).orElseThrow(this::unavailable),
                        indeterminate -> {
                            throw unavailable(indeterminate);
                        }), false, source);
    }

    private PaymentProviderUnavailable unavailable(GatewayResult<?> result) {
        return new PaymentProviderUnavailable("could not stop a payment at Stripe: " + result.describe(),
                gateway.failingFastFor());
    }
}
