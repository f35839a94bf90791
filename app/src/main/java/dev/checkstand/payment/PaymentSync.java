package dev.checkstand.payment;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.CheckoutSessionSnapshot;
import dev.checkstand.payment.gateway.GatewayResult;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import dev.checkstand.platform.ManualInterventions;
import org.springframework.stereotype.Service;

/** Re-reads a payment from Stripe and applies it through the one transition; for confirm, admin sync and the reconciler. */
@Service
public class PaymentSync {

    private final PaymentAttempts attempts;
    private final PaymentGateway gateway;
    private final PaymentTransition transition;
    private final SessionOutcomes sessions;
    private final OrderManagement orders;
    private final ManualInterventions interventions;

    PaymentSync(PaymentAttempts attempts, PaymentGateway gateway, PaymentTransition transition, SessionOutcomes sessions,
            OrderManagement orders, ManualInterventions interventions) {
        this.attempts = attempts;
        this.gateway = gateway;
        this.transition = transition;
        this.sessions = sessions;
        this.orders = orders;
        this.interventions = interventions;
    }

    /** Re-reads every payment of the order that Stripe knows and applies it; attempts still being created are left to recovery. */
    public void syncOrder(OrderId orderId, Source source) {
        try (LogContext.Scope scope = LogContext.order(orderId)) {
            for (PaymentAttempt attempt : attempts.of(orderId)) {
                if (attempt.checkoutSessionId() != null) {
                    syncCheckoutSession(attempt.checkoutSessionId(), source);
                }
                String paymentIntentId = attempts.byId(attempt.id()).orElseThrow().paymentIntentId();
                if (paymentIntentId != null) {
                    syncPaymentIntent(paymentIntentId, source);
                }
            }
        }
        if (source == Source.ADMIN) {
            interventions.record("sync");
        }
    }

    /** Applies Stripe's current state of a Checkout Session this service created; never creates an order. */
    public Applied syncCheckoutSession(String sessionId, Source source) {
        if (attempts.byCheckoutSessionId(sessionId).isEmpty()) {
            throw new NotFound("payment_not_found", "No order is paid through Checkout Session " + sessionId);
        }
        CheckoutSessionSnapshot session = gateway.retrieveCheckoutSession(sessionId)
                .orElseThrow(refused -> new NotFound("payment_not_found",
                        "Stripe does not know Checkout Session " + sessionId), unanswered -> new PaymentProviderUnavailable(
                        unanswered.describe(), gateway.failingFastFor()));
        Applied applied = applied(sessions.apply(session, false, source).orElseThrow());
        // A manual-capture session says only complete or paid: what its PaymentIntent holds or took is read from it.
        return sessions.awaitsItsPaymentIntent(session) ? syncPaymentIntent(session.paymentIntentId(), source) : applied;
    }

    /** Applies Stripe's current state of a PaymentIntent this service created; never creates an order. */
    public Applied syncPaymentIntent(String paymentIntentId, Source source) {
        if (attempts.byPaymentIntentId(paymentIntentId).isEmpty()) {
            throw new NotFound("payment_not_found", "No order is paid through PaymentIntent " + paymentIntentId);
        }
        return gateway.retrievePaymentIntent(paymentIntentId)
                .fold(pi -> applied(transition.apply(pi, source).orElseThrow()),
                        refused -> {
                            throw new NotFound("payment_not_found", "Stripe does not know PaymentIntent " + paymentIntentId);
                        }, this::unavailable);
    }

    private Applied applied(OrderId orderId) {
        Order order = orders.find(orderId).orElseThrow();
        return new Applied(orderId, order.status(), order.paymentStatus());
    }

    private Applied unavailable(GatewayResult.Indeterminate<?> result) {
        throw new PaymentProviderUnavailable(result.reason(), gateway.failingFastFor());
    }

    /** Where the order stands after its payment was applied. */
    public record Applied(OrderId orderId, Order.Status orderStatus, Order.PaymentStatus paymentStatus) {
    }
}
