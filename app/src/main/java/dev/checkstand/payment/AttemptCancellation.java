package dev.checkstand.payment;

import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.CheckoutSessionSnapshot;
import dev.checkstand.payment.gateway.GatewayResult;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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
    private final PaymentAttempts attempts;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AttemptCancellation(PaymentGateway gateway, PaymentTransition transition, SessionOutcomes sessions,
            PaymentAttempts attempts, TransactionTemplate transactions, Clock clock) {
        this.gateway = gateway;
        this.transition = transition;
        this.sessions = sessions;
        this.attempts = attempts;
        this.transactions = transactions;
        this.clock = clock;
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
        if ("canceled".equals(stopped.status())) {
            // Stripe lets a held card be released: a cancel that reached it just after the customer's authorization
            // (the read above came first) released the hold the order had taken meanwhile. The order is canceled as
            // asked, nothing taken; its timeline says whose cancel it was.
            transactions.executeWithoutResult(tx -> attempts.decide(attempt.id(), null, releaseReason(source),
                    clock.instant(), clock.instant()));
        }
        transition.apply(stopped, source);
    }

    private static String releaseReason(Source source) {
        return switch (source) {
            case CHECKOUT -> "customer_canceled";
            case ADMIN -> "admin";
            default -> "order_canceled";
        };
    }

    // A session's PaymentIntent cannot be canceled directly: expiring the session is how Stripe stops it.
    private void expire(PaymentAttempt attempt, Source source) {
        String id = attempt.checkoutSessionId();
        CheckoutSessionSnapshot session = gateway.expireCheckoutSession(id, "attempt:" + attempt.id() + ":expire")
                .fold(expired -> expired,
                        refused -> gateway.retrieveCheckoutSession(id).orElseThrow(this::unavailable),
                        indeterminate -> {
                            throw unavailable(indeterminate);
                        });
        sessions.apply(session, false, source);
        if (sessions.awaitsItsPaymentIntent(session)) {
            // Completed with manual capture: what its PaymentIntent holds is read from it (it places the order).
            transition.apply(gateway.retrievePaymentIntent(session.paymentIntentId()).orElseThrow(this::unavailable),
                    source);
        }
    }

    private PaymentProviderUnavailable unavailable(GatewayResult<?> result) {
        return new PaymentProviderUnavailable("could not stop a payment at Stripe: " + result.describe(),
                gateway.failingFastFor());
    }
}
