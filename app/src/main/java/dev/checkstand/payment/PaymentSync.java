package dev.checkstand.payment;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.Source;
import org.springframework.stereotype.Service;

/** Re-reads a PaymentIntent from Stripe and applies it through the one transition; for confirm and admin sync. */
@Service
public class PaymentSync {

    private final PaymentAttempts attempts;
    private final PaymentGateway gateway;
    private final PaymentOutcomes outcomes;
    private final SessionOutcomes sessions;

    PaymentSync(PaymentAttempts attempts, PaymentGateway gateway, PaymentOutcomes outcomes, SessionOutcomes sessions) {
        this.attempts = attempts;
        this.gateway = gateway;
        this.outcomes = outcomes;
        this.sessions = sessions;
    }

    /** Re-reads every payment of the order that Stripe knows and applies it; attempts still being created are left to recovery. */
    public void syncOrder(OrderId orderId, Source source) {
        for (PaymentAttempt attempt : attempts.of(orderId)) {
            if (attempt.checkoutSessionId() != null) {
                syncCheckoutSession(attempt.checkoutSessionId(), source);
            }
            if (attempt.paymentIntentId() != null) {
                syncPaymentIntent(attempts.byId(attempt.id()).orElseThrow().paymentIntentId(), source);
            }
        }
    }

    /** Applies Stripe's current state of a Checkout Session this service created; never creates an order. */
    public PaymentOutcomes.Applied syncCheckoutSession(String sessionId, Source source) {
        if (attempts.byCheckoutSessionId(sessionId).isEmpty()) {
            throw new NotFound("payment_not_found", "No order is paid through Checkout Session " + sessionId);
        }
        GatewayResult<CheckoutSessionSnapshot> result = gateway.retrieveCheckoutSession(sessionId);
        if (result instanceof GatewayResult.Succeeded<CheckoutSessionSnapshot> found) {
            return sessions.apply(found.value(), false, source);
        }
        if (result instanceof GatewayResult.Rejected<CheckoutSessionSnapshot>) {
            throw new NotFound("payment_not_found", "Stripe does not know Checkout Session " + sessionId);
        }
        throw new PaymentProviderUnavailable(((GatewayResult.Indeterminate<CheckoutSessionSnapshot>) result).reason());
    }

    /** Applies Stripe's current state of a PaymentIntent this service created; never creates an order. */
    public PaymentOutcomes.Applied syncPaymentIntent(String paymentIntentId, Source source) {
        if (attempts.byPaymentIntentId(paymentIntentId).isEmpty()) {
            throw new NotFound("payment_not_found", "No order is paid through PaymentIntent " + paymentIntentId);
        }
        GatewayResult<PaymentIntentSnapshot> result = gateway.retrievePaymentIntent(paymentIntentId);
        if (result instanceof GatewayResult.Succeeded<PaymentIntentSnapshot> found) {
            return outcomes.apply(found.value(), source);
        }
        if (result instanceof GatewayResult.Rejected<PaymentIntentSnapshot>) {
            throw new NotFound("payment_not_found", "Stripe does not know PaymentIntent " + paymentIntentId);
        }
        throw new PaymentProviderUnavailable(((GatewayResult.Indeterminate<PaymentIntentSnapshot>) result).reason());
    }
}
