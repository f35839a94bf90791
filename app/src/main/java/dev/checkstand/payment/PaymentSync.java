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

    PaymentSync(PaymentAttempts attempts, PaymentGateway gateway, PaymentOutcomes outcomes) {
        this.attempts = attempts;
        this.gateway = gateway;
        this.outcomes = outcomes;
    }

    /** Re-reads every payment of the order that Stripe knows and applies it; attempts still being created are left to recovery. */
    public void syncOrder(OrderId orderId, Source source) {
        for (PaymentAttempt attempt : attempts.of(orderId)) {
            if (attempt.paymentIntentId() != null) {
                syncPaymentIntent(attempt.paymentIntentId(), source);
            }
        }
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
